/** XML intake: bytes → checked text → fast-xml-parser → one row per record element. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import type { MappedRecord } from '../types.js';
import { Assembler } from './assembler.js';
import { chooseEncoding, firstInvalidUtf8, lineOfByte } from './decode.js';
import { compileFields, createConvertSettings, type BoundRef, type RawRead, type SourceRefValue, type SourceRow } from './fields.js';
import { keyTargetsFor, type IntakeState, type ParseContext } from './intake.js';
import { nearestText } from './nearest.js';
import { guardXml, lineIndex } from './xml-guard.js';

/** An XML record (or goods-line) element with its ancestors, nearest last, for '../' paths. */
interface XmlNode {
  readonly node: unknown;
  readonly parents: readonly unknown[];
}

const META = XMLParser.getMetaDataSymbol();

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function valueOf(node: unknown): RawRead {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) {
    if (node.length === 0) return undefined;
    if (node.length > 1) return { repeated: node.length };
    return valueOf(node[0]);
  }
  if (isObject(node)) {
    const text = node['#text'];
    if (text !== undefined) return valueOf(text);
    const children = Object.keys(node).filter((k) => !k.startsWith('@'));
    return children.length === 0 ? undefined : { notAValue: true };
  }
  return undefined;
}

export interface Segment {
  readonly name: string;
  /** 0-based index among repeated elements (`Item[1]`), if given. */
  readonly index?: number;
}

/** Follows `segments` from `node`; a list of one element is stepped through, `[n]` picks one. */
export function follow(node: unknown, segments: readonly Segment[]): unknown {
  let cur: unknown = node;
  for (const seg of segments) {
    if (Array.isArray(cur)) {
      if (cur.length !== 1) return cur.length === 0 ? undefined : cur;
      cur = cur[0];
    }
    if (!isObject(cur) || !Object.hasOwn(cur, seg.name)) return undefined;
    cur = cur[seg.name];
    if (seg.index !== undefined) {
      if (Array.isArray(cur)) cur = cur[seg.index];
      else if (seg.index !== 0) return undefined;
    }
  }
  return cur;
}

export function toSegments(parts: readonly string[]): Segment[] {
  return parts.map((p) => {
    const m = /^(.+)\[(\d+)\]$/u.exec(p);
    return m === null ? { name: p } : { name: m[1] as string, index: Number(m[2]) };
  });
}

export function splitPath(path: string): string[] {
  return path.split(/[./]/u).filter((s) => s !== '');
}

/** The parser both XML readers use: values stay strings, attributes as '@name', `arrayPaths` always lists. */
export function createRecordParser(arrayPaths: ReadonlySet<string>, namespaces: 'strip' | 'keep', maxDepth: number): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    removeNSPrefix: namespaces === 'strip',
    processEntities: true,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    captureMetaData: true,
    maxNestedTags: maxDepth,
    isArray: (_name: string, jpath: unknown, _isLeaf: boolean, isAttribute: boolean) => !isAttribute && arrayPaths.has(String(jpath)),
  });
}

/** Maps an XML file (read whole; XML manifests are bounded by limits.maxFileBytes). */
export async function* mapXml(source: AsyncIterable<Uint8Array>, ctx: ParseContext, state: IntakeState): AsyncGenerator<MappedRecord> {
  const { profile, log } = ctx;
  const xml = profile.xml;
  if (xml === undefined) throw new TypeError('profile.xml is required for format xml');
  const limits = profile.limits;
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) {
    state.bytes += chunk.byteLength;
    if (state.bytes > limits.maxFileBytes) {
      log.addFatal('FILE_TOO_LARGE', {}, `the file is larger than ${limits.maxFileBytes} bytes (limits.maxFileBytes); nothing was mapped`);
      return;
    }
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  chunks.length = 0;
  if (bytes.byteLength === 0) {
    log.addFatal('FILE_EMPTY', {}, 'the file is empty');
    return;
  }
  const enc = chooseEncoding(bytes, profile.encoding, 'xml', true);
  state.encoding = { name: enc.name, source: enc.source };
  for (const n of enc.notes) log.add(log.make(n.severity, 'ENCODING_SUSPECT', { line: n.line }, n.message));
  if (enc.fatal !== undefined) {
    log.addFatal('ENCODING_UNSUPPORTED', {}, enc.fatal);
    return;
  }
  const body = bytes.subarray(enc.bomLength);
  let text: string;
  if (enc.name === 'utf-8') {
    const bad = firstInvalidUtf8(body, true);
    if (bad !== -1) {
      const line = lineOfByte(body, bad);
      log.addFatal(
        'ENCODING_INVALID',
        { line, value: `0x${(body[bad] as number).toString(16).toUpperCase()}` },
        `byte 0x${(body[bad] as number).toString(16).toUpperCase().padStart(2, '0')} on line ${line} is not valid UTF-8, but the file ${enc.source === 'declaration' ? 'declares' : 'is read as'} UTF-8; an XML file must be in one encoding (was it saved as Windows-1252? then declare encoding="windows-1252")`,
      );
      return;
    }
    text = body.toString('utf8');
  } else {
    text = iconv.decode(body, enc.name, { stripBOM: true });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineOf = lineIndex(text);

  const guard = guardXml(text, limits.maxXmlDepth);
  if (guard !== undefined) {
    log.addFatal(guard.code, { line: lineOf(guard.index) }, guard.message);
    return;
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    log.addFatal('XML_MALFORMED', { line: valid.err.line, column: String(valid.err.col) }, `the XML is not well-formed: ${valid.err.msg}`);
    return;
  }
  const recordSegments = splitPath(xml.recordPath);
  const recordJPath = recordSegments.join('.');
  const goodsSegments = xml.goodsItemPath === undefined ? undefined : splitPath(xml.goodsItemPath);
  const arrayPaths = new Set([recordJPath, ...xml.arrays.map((a) => splitPath(a).join('.'))]);
  if (goodsSegments !== undefined) arrayPaths.add([...recordSegments, ...goodsSegments].join('.'));
  const parser = createRecordParser(arrayPaths, xml.namespaces, limits.maxXmlDepth);
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch (error) {
    log.addFatal('XML_MALFORMED', {}, `the XML could not be parsed: ${(error as Error).message}`);
    return;
  }
  text = '';

  // records
  const records: { node: XmlNode; path: string }[] = [];
  const collect = (node: unknown, parents: readonly unknown[], depth: number, path: string): void => {
    if (depth === recordSegments.length) {
      records.push({ node: { node, parents }, path });
      return;
    }
    const seg = recordSegments[depth] as string;
    if (!isObject(node) || !Object.hasOwn(node, seg)) return;
    const child = node[seg];
    const list = Array.isArray(child) ? child : [child];
    const up = depth === 0 ? parents : [...parents, node];
    list.forEach((c, k) => collect(c, up, depth + 1, `${path}/${seg}${Array.isArray(child) ? `[${k + 1}]` : ''}`));
  };
  collect(doc, [], 0, '');
  if (records.length === 0) {
    log.addFatal('XML_NO_RECORDS', { path: `/${recordSegments.join('/')}` }, `the file has no <${recordSegments.at(-1) ?? ''}> elements at ${xml.recordPath} (xml.recordPath); is it the right profile?`);
    return;
  }
  const lineOfNode = (node: unknown, fallback: number): number => {
    const meta = isObject(node) ? (node as Record<symbol, { startIndex?: number } | undefined>)[META as symbol] : undefined;
    return meta?.startIndex === undefined ? fallback : lineOf(meta.startIndex);
  };

  // Every source path is watched: one that matches nothing in the whole file is reported once.
  const watched = new Map<string, { label: string; targets: Set<string>; matched: boolean; looked: boolean }>();
  const watch = (path: string, label: string, target: string, find: (x: XmlNode) => unknown): BoundRef<XmlNode> => {
    const w = watched.get(path) ?? { label, targets: new Set<string>(), matched: false, looked: false };
    w.targets.add(target);
    watched.set(path, w);
    return {
      label,
      element: true,
      read: (x) => {
        const found = find(x);
        w.looked = true;
        if (found !== undefined) w.matched = true;
        return valueOf(found);
      },
    };
  };
  const bind = (ref: SourceRefValue, target: string): BoundRef<XmlNode> => {
    const path = String(ref);
    if (path.startsWith('/')) {
      const parts = splitPath(path);
      const segments = toSegments(parts);
      return watch(path, `/${parts.join('/')}`, target, () => follow(doc, segments));
    }
    let rest = path;
    let up = 0;
    while (rest.startsWith('../')) {
      up++;
      rest = rest.slice(3);
    }
    const parts = splitPath(rest);
    const segments = toSegments(parts);
    if (up === 0) return watch(path, parts.join('.'), target, (x) => follow(x.node, segments));
    return watch(path, path, target, (x) => {
      const start = x.parents[x.parents.length - up];
      return start === undefined ? undefined : follow(start, segments);
    });
  };
  const keys = keyTargetsFor(profile);
  const settings = createConvertSettings(profile, {
    singleByteEncoding: enc.name === 'windows-1252' || enc.name === 'iso-8859-1',
    dayShift: ctx.dayShift,
    params: ctx.params,
  });
  const assembler = new Assembler<XmlNode>({
    validateDrafts: ctx.validateDrafts,
    profile,
    file: ctx.file,
    log,
    settings,
    transport: profile.transport === undefined ? undefined : compileFields(profile, profile.transport.fields, bind, keys),
    master: profile.master === undefined ? undefined : compileFields(profile, profile.master.fields, bind, keys),
    house: compileFields(profile, profile.house.fields, bind, keys),
    goodsItem: profile.goodsItem === undefined ? undefined : compileFields(profile, profile.goodsItem.fields, bind, new Set()),
  });
  state.counts = () => assembler.counts;
  let lastLine = 1;
  for (const rec of records) {
    state.rowsRead++;
    const line = lineOfNode(rec.node.node, lastLine);
    lastLine = line;
    const row: SourceRow<XmlNode> = { data: rec.node, line, path: rec.path };
    const goods: SourceRow<XmlNode>[] = [];
    if (goodsSegments !== undefined && profile.goodsItem !== undefined) {
      const found = follow(rec.node.node, toSegments(goodsSegments.slice(0, -1)));
      const last = goodsSegments.at(-1) as string;
      const items = isObject(found) ? found[last] : undefined;
      const list = Array.isArray(items) ? items : items === undefined ? [] : [items];
      list.forEach((item, k) => {
        goods.push({ data: { node: item, parents: [...rec.node.parents, rec.node.node] }, line: lineOfNode(item, line), path: `${rec.path}/${goodsSegments.join('/')}[${k + 1}]` });
      });
    }
    assembler.addRow(row, goods);
    for (const r of assembler.drain()) yield r;
  }
  yield* assembler.finish();
  reportUnmatched(watched, records.map((r) => r.node.node), ctx);
}

/** Element and attribute paths below the record elements (dotted, as a profile writes them), for hints. */
function pathsBelow(nodes: readonly unknown[]): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown, prefix: string, depth: number): void => {
    if (out.size >= 2000 || depth > 8) return;
    if (Array.isArray(node)) {
      for (const n of node.slice(0, 5)) walk(n, prefix, depth);
      return;
    }
    if (!isObject(node)) return;
    for (const key of Object.keys(node)) {
      if (key === '#text') continue;
      const path = prefix === '' ? key : `${prefix}.${key}`;
      out.add(path);
      walk(node[key], path, depth + 1);
    }
  };
  for (const n of nodes.slice(0, 200)) walk(n, '', 0);
  return out;
}

function reportUnmatched(
  watched: ReadonlyMap<string, { label: string; targets: ReadonlySet<string>; matched: boolean; looked: boolean }>,
  recordNodes: readonly unknown[],
  ctx: ParseContext,
): void {
  let known: Set<string> | undefined;
  for (const w of watched.values()) {
    if (w.matched || !w.looked) continue; // (a source only read under a `when` that never held was not looked for)
    known ??= pathsBelow(recordNodes);
    const targets = [...w.targets];
    ctx.log.add(
      ctx.log.make('warning', 'XML_PATH_UNMATCHED', { column: w.label, field: targets[0] }, `no record in the file has ${w.label} (read for ${targets.join(', ')}), so ${targets.length === 1 ? 'that field is' : 'those fields are'} never filled from the file${nearestText(w.label, known)}`),
    );
  }
}
