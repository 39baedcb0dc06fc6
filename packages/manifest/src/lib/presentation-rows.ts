import { compileCondition } from './value-functions.js';
/** Rows of a presentation, relation or arrival file: bytes → checked text → CSV rows or XML record elements, with bound sources. */
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import type { z } from 'zod';
import type { fieldSchema } from '../mapping-profile-schema.js';
import type { PresentationProfile } from '../presentation-profile-schema.js';
import type { ArrivalProfile, RelationProfile } from '../relation-arrival-profile-schema.js';

/** A profile whose file is read a record per row / XML element: presentation, relation or arrival. */
export type MessageProfile = PresentationProfile | RelationProfile | ArrivalProfile;

/** The fields section of a message profile (`presentation`, `relation` or `arrival`). */
export function messageFieldsOf(profile: MessageProfile): Readonly<Partial<Record<string, z.infer<typeof fieldSchema>>>> {
  switch (profile.kind) {
    case 'presentation':
      return profile.presentation.fields;
    case 'relation':
      return profile.relation.fields;
    case 'arrival':
      return profile.arrival.fields;
  }
}
import { chooseEncoding, firstInvalidUtf8, lineOfByte } from './decode.js';
import { detectDelimiter } from './detect-delimiter.js';
import type { BoundRef, SourceRefValue, SourceRow } from './fields.js';
import { quote, type ProblemLog } from './problems.js';
import { createRecordParser, follow, splitPath, toSegments, valueOf } from './xml-reader.js';
import { guardXml, lineIndex } from './xml-guard.js';

/** The rows of a file and how a profile source reads them. */
export interface PresentationRows<R> {
  readonly rows: readonly SourceRow<R>[];
  readonly bind: (ref: SourceRefValue) => BoundRef<R>;
  readonly singleByteEncoding: boolean;
}

type Cells = readonly string[];

function normaliseHeader(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** Decodes the file; `undefined` (with a fatal problem logged) when it cannot be read as text. */
function decode(bytes: Uint8Array, profile: MessageProfile, log: ProblemLog): { text: string; singleByte: boolean } | undefined {
  if (bytes.byteLength > profile.limits.maxFileBytes) {
    log.addFatal('FILE_TOO_LARGE', { value: `${bytes.byteLength} bytes` }, `the file has ${bytes.byteLength} bytes; the limit is ${profile.limits.maxFileBytes} (limits.maxFileBytes)`);
    return undefined;
  }
  if (bytes.byteLength === 0) {
    log.addFatal('FILE_EMPTY', {}, 'the file is empty');
    return undefined;
  }
  const enc = chooseEncoding(bytes, profile.encoding, profile.format, true);
  for (const n of enc.notes) log.add(log.make(n.severity, 'ENCODING_SUSPECT', { line: n.line }, n.message));
  if (enc.fatal !== undefined) {
    log.addFatal('ENCODING_INVALID', {}, enc.fatal);
    return undefined;
  }
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(enc.bomLength);
  if (enc.name === 'utf-8') {
    const bad = firstInvalidUtf8(body, true);
    if (bad !== -1 && profile.format === 'xml') {
      log.addFatal('ENCODING_INVALID', { line: lineOfByte(body, bad) }, `byte 0x${(body[bad] as number).toString(16).toUpperCase()} on line ${lineOfByte(body, bad)} is not valid UTF-8`);
      return undefined;
    }
  }
  let text = iconv.decode(body, enc.name, { stripBOM: true });
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, singleByte: enc.name === 'windows-1252' || enc.name === 'iso-8859-1' };
}

/** Reads the rows of a presentation file; `undefined` after a fatal problem. */
export function readPresentationRows(bytes: Uint8Array, profile: MessageProfile, log: ProblemLog): PresentationRows<unknown> | undefined {
  const decoded = decode(bytes, profile, log);
  if (decoded === undefined) return undefined;
  return (profile.format === 'csv' ? csvRows(decoded.text, decoded.singleByte, profile, log) : xmlRows(decoded.text, decoded.singleByte, profile, log)) as
    | PresentationRows<unknown>
    | undefined;
}

function csvRows(text: string, singleByteEncoding: boolean, profile: MessageProfile, log: ProblemLog): PresentationRows<Cells> | undefined {
  const o = profile.csv;
  const delimiter = o.delimiter === 'auto' ? detectDelimiter(text, o.skipRows, o.quote) : o.delimiter;
  if (delimiter === undefined) {
    log.addFatal('CSV_DELIMITER_UNDETECTED', { line: o.skipRows + 1 }, 'could not tell the delimiter: the first line has no ";", ",", tab or "|"; set csv.delimiter in the profile');
    return undefined;
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter, quote: o.quote, relax_column_count: true, skip_empty_lines: true, from_line: o.skipRows + 1, info: true }) as unknown as typeof records;
  } catch (error) {
    log.addFatal('CSV_MALFORMED_ROW', {}, `the file cannot be read as CSV (${(error as Error).message})`);
    return undefined;
  }
  const header = o.header ? records.shift() : undefined;
  const names = new Map<string, number>();
  header?.record.forEach((h, i) => {
    if (!names.has(normaliseHeader(h))) names.set(normaliseHeader(h), i);
  });
  const missing: string[] = [];
  const bind = (ref: SourceRefValue): BoundRef<Cells> => {
    const index = typeof ref === 'number' ? ref - 1 : header === undefined ? Number(/^#?(\d+)$/u.exec(ref)?.[1] ?? 0) - 1 : (names.get(normaliseHeader(ref)) ?? -1);
    if (index < 0) missing.push(String(ref));
    return { label: header?.record[index] ?? (typeof ref === 'number' ? `#${ref}` : ref), read: (row) => (index < 0 ? undefined : row[index]) };
  };
  // Bind once up front so a missing column is a file-level problem, as in notification manifests.
  for (const field of Object.values(messageFieldsOf(profile))) {
    const spec = typeof field === 'object' ? field : { from: field };
    for (const ref of spec.from === undefined ? [] : Array.isArray(spec.from) ? spec.from : [spec.from]) bind(ref);
    if (typeof field === 'object' && field.when !== undefined) compileCondition(field.when, bind); // binds every column it reads
  }
  if (missing.length > 0) {
    const have = header === undefined ? 'the file has no header' : `the header has: ${header.record.map((h) => quote(h)).join(', ')}`;
    for (const m of new Set(missing)) log.add(log.make('error', 'CSV_HEADER_MISSING_COLUMN', { line: o.skipRows + 1, column: m }, `the profile reads column ${quote(m)}, which the file does not have; ${have}`));
    log.addFatal('CSV_HEADER_MISSING_COLUMN', { line: o.skipRows + 1 }, 'a column the profile needs is missing, so no row was mapped');
    return undefined;
  }
  // csv-parse counts the lines consumed so far; a record's first line follows the previous record's last.
  let line = o.skipRows + (header?.info.lines ?? 0);
  const rows: SourceRow<Cells>[] = [];
  for (const r of records) {
    rows.push({ data: r.record, line: line + 1 });
    line = o.skipRows + r.info.lines;
  }
  return { rows, bind, singleByteEncoding };
}

function xmlRows(text: string, singleByteEncoding: boolean, profile: MessageProfile, log: ProblemLog): PresentationRows<unknown> | undefined {
  const xml = profile.xml;
  if (xml === undefined) throw new TypeError('profile.xml is required for format xml');
  const lineOf = lineIndex(text);
  const guard = guardXml(text, profile.limits.maxXmlDepth);
  if (guard !== undefined) {
    log.addFatal(guard.code, { line: lineOf(guard.index) }, guard.message);
    return undefined;
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    log.addFatal('XML_MALFORMED', { line: valid.err.line, column: String(valid.err.col) }, `the XML is not well-formed: ${valid.err.msg}`);
    return undefined;
  }
  const recordSegments = splitPath(xml.recordPath);
  const arrays = new Set([recordSegments.join('.'), ...xml.arrays.map((a) => splitPath(a).join('.'))]);
  const META = XMLParser.getMetaDataSymbol();
  const parser = createRecordParser(arrays, xml.namespaces, profile.limits.maxXmlDepth);
  const doc: unknown = parser.parse(text);
  const found = follow(doc, toSegments(recordSegments.slice(0, -1)));
  const last = recordSegments.at(-1) as string;
  const list = typeof found === 'object' && found !== null && !Array.isArray(found) ? (found as Record<string, unknown>)[last] : undefined;
  const elements = Array.isArray(list) ? list : list === undefined ? [] : [list];
  if (elements.length === 0) {
    log.addFatal('XML_NO_RECORDS', { path: `/${recordSegments.join('/')}` }, `the file has no <${last}> elements at ${xml.recordPath} (xml.recordPath); is it the right profile?`);
    return undefined;
  }
  const rows = elements.map((node, k) => {
    const meta = typeof node === 'object' && node !== null ? (node as Record<symbol, { startIndex?: number } | undefined>)[META as symbol] : undefined;
    return { data: node, line: meta?.startIndex === undefined ? 1 : lineOf(meta.startIndex), path: `/${recordSegments.join('/')}[${k + 1}]` };
  });
  const bind = (ref: SourceRefValue): BoundRef<unknown> => {
    const path = String(ref);
    const segments = toSegments(splitPath(path));
    if (path.startsWith('/')) return { label: path, read: () => valueOf(follow(doc, segments)) };
    return { label: path, read: (node) => valueOf(follow(node, segments)) };
  };
  return { rows, bind, singleByteEncoding };
}
