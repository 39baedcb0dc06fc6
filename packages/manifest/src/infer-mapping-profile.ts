/**
 * A draft mapping profile from one sample file: how to read it (encoding, delimiter, header row,
 * number and date style, or the XML record element) and which column or element probably fills
 * which Digitoll field (Norwegian and English names seen in ERP exports). Pure: the caller hands
 * the bytes in and writes the result.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { listNotificationFields, type NotificationLevel, type TransportMode } from '@tollkit/messages';
import { stringify } from 'yaml';
import { classifyName, type Classified, type Concept, type Party, type PartyAttribute } from './lib/column-concepts.js';
import { chooseEncoding } from './lib/decode.js';
import { detectDelimiter } from './lib/detect-delimiter.js';
import { guardXml } from './lib/xml-guard.js';
import type { MappingProfileInput } from './mapping-profile-schema.js';

type Section = 'transport' | 'master' | 'house' | 'goodsItem';
type Spec = Record<string, unknown>;

/** One proposed mapping. */
export interface ProposedField {
  readonly section: Section;
  readonly target: string;
  /** The column or XML path, or undefined for constants the draft fills in (document types). */
  readonly source: string | undefined;
  readonly spec: Spec;
  /** Why: the concept the name was read as. */
  readonly reason: string;
}

/** What {@link inferMappingProfile} found out and proposes. */
export interface InferredProfile {
  /** The draft profile (validated by `loadMappingProfile` when written out as `yaml`). */
  readonly profile: MappingProfileInput;
  /** The profile as YAML, with comments marking each mandatory field no column was found for. */
  readonly yaml: string;
  readonly fields: readonly ProposedField[];
  /** Mandatory fields (Customs' schema, for the mode) that no column or element was found for. */
  readonly unmapped: readonly { readonly section: Section; readonly target: string }[];
  /** Columns or element paths nothing was proposed for. */
  readonly unused: readonly string[];
  readonly notes: readonly string[];
}

/** Options of {@link inferMappingProfile}. */
export interface InferMappingProfileOptions {
  /** Profile name (default from the file name). */
  readonly name?: string;
  /** Mode of transport (default: guessed from the names; road when nothing hints otherwise). */
  readonly mode?: TransportMode;
}

const DOC_TYPES: Readonly<Record<TransportMode, { house: string; master: string }>> = {
  road: { house: 'N730', master: 'N730' },
  air: { house: 'N740', master: 'N741' },
  rail: { house: 'N703', master: 'N720' },
  maritime: { house: 'N705', master: 'N705' },
};

const PARTY_FIELDS: Readonly<Record<'consignor' | 'consignee', Partial<Record<PartyAttribute, readonly string[]>>>> = {
  consignor: {
    name: ['consignmentHouseLevel.consignor.name'],
    street: ['consignmentHouseLevel.consignor.address.streetLine'],
    postcode: ['consignmentHouseLevel.consignor.address.postcode'],
    city: ['consignmentHouseLevel.consignor.address.city'],
    country: ['consignmentHouseLevel.consignor.address.country'],
    org: ['consignmentHouseLevel.consignor.identificationNumber'],
    phone: ['consignmentHouseLevel.consignor.communication[0].identifier'],
  },
  consignee: {
    name: ['consignmentHouseLevel.consignee.name'],
    street: ['consignmentHouseLevel.consignee.address.streetLine'],
    postcode: ['consignmentHouseLevel.consignee.address.postcode'],
    city: ['consignmentHouseLevel.consignee.address.city', 'consignmentHouseLevel.placeOfDelivery.location'],
    country: ['consignmentHouseLevel.consignee.address.country', 'consignmentHouseLevel.placeOfDelivery.address.country'],
    org: ['consignmentHouseLevel.consignee.identificationNumber'],
    phone: ['consignmentHouseLevel.consignee.communication[0].identifier'],
  },
};

const CARRIER_FIELDS: Partial<Record<PartyAttribute, readonly [Section, string][]>> = {
  org: [
    ['transport', 'carrier.identificationNumber'],
    ['master', 'consignmentMasterLevel.carrier.identificationNumber'],
    ['master', 'consignmentMasterLevel.consignee.identificationNumber'],
  ],
  name: [['transport', 'carrier.name'], ['master', 'consignmentMasterLevel.consignee.name']],
  street: [['transport', 'carrier.address.streetLine'], ['master', 'consignmentMasterLevel.consignee.address.streetLine']],
  postcode: [['transport', 'carrier.address.postcode'], ['master', 'consignmentMasterLevel.consignee.address.postcode']],
  city: [['transport', 'carrier.address.city'], ['master', 'consignmentMasterLevel.consignee.address.city']],
  country: [['transport', 'carrier.address.country'], ['master', 'consignmentMasterLevel.consignee.address.country']],
};

/** A column or XML path with the names that classify it and sample values. */
interface Candidate {
  readonly source: string;
  readonly segments: readonly string[];
  readonly samples: readonly string[];
}

interface Reading {
  readonly format: 'csv' | 'xml';
  readonly candidates: readonly Candidate[];
  readonly settings: Spec;
  readonly notes: string[];
  /** CSV: the house key column repeats on consecutive rows (several rows per house). */
  readonly repeatsHouse?: (column: string) => boolean;
}

function decode(bytes: Uint8Array, format: 'csv' | 'xml'): { text: string; encoding: string; notes: string[] } {
  const enc = chooseEncoding(bytes, 'auto', format, true);
  const notes = enc.notes.map((n) => n.message);
  const text = iconv.decode(Buffer.from(bytes.subarray(enc.bomLength)), enc.name);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: enc.name, notes };
}

function readCsv(bytes: Uint8Array): Reading {
  const { text, encoding, notes } = decode(bytes, 'csv');
  const head = text.slice(0, 256 * 1024);
  const delimiter = detectDelimiter(head, 0, '"') ?? ';';
  const rows = parseCsv(head.slice(0, head.lastIndexOf('\n') + 1 || head.length), { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: 200 }) as string[][];
  // header row: the first row with ≥ 2 named cells whose next row has as many cells
  let headerIndex = rows.findIndex((r, i) => r.filter((c) => /[A-Za-zÆØÅæøå]/u.test(c)).length >= 2 && (rows[i + 1]?.length ?? r.length) === r.length);
  if (headerIndex < 0) headerIndex = 0;
  const header = rows[headerIndex] ?? [];
  const data = rows.slice(headerIndex + 1);
  const candidates = header
    .map((h, i) => ({ source: h.trim(), segments: [h.trim()], samples: data.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '').slice(0, 50) }))
    .filter((c) => c.source !== '');
  const settings: Spec = {
    encoding,
    csv: { delimiter, header: true, ...(headerIndex > 0 ? { skipRows: headerIndex } : {}) },
  };
  notes.push(`read as ${encoding}, delimiter ${JSON.stringify(delimiter)}, header on line ${headerIndex + 1}`);
  return {
    format: 'csv',
    candidates,
    settings,
    notes,
    repeatsHouse: (column) => {
      const i = header.findIndex((h) => h.trim() === column);
      return data.some((r, k) => k > 0 && r[i] !== undefined && r[i] !== '' && r[i] === data[k - 1]?.[i]);
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
  if (isObject(v) && v['#text'] !== undefined) return String(v['#text']).trim();
  return undefined;
}

/** Leaf values below a node: `Shipper.Address.Street` → sample, attributes as `@name`. */
function leaves(node: unknown, prefix: string[], out: Map<string, { segments: string[]; samples: string[] }>, skip?: string): void {
  const list = Array.isArray(node) ? node : [node];
  for (const n of list) {
    if (!isObject(n)) {
      const t = textOf(n);
      if (t !== undefined && prefix.length > 0) add(out, prefix, t);
      continue;
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === skip) continue;
      if (key === '#text') {
        if (prefix.length > 0) add(out, prefix, String(value).trim());
        continue;
      }
      const path = [...prefix, key.startsWith('@') ? key : key];
      const t = textOf(value);
      if (key.startsWith('@') || (t !== undefined && !Object.keys(isObject(value) ? value : {}).some((k) => !k.startsWith('#')))) add(out, path, t ?? '');
      else leaves(value, path, out);
    }
  }
}

function add(out: Map<string, { segments: string[]; samples: string[] }>, path: string[], value: string): void {
  const key = path.join('.');
  const entry = out.get(key) ?? { segments: path.map((p) => p.replace(/^@/u, '')), samples: [] };
  if (value !== '' && entry.samples.length < 50) entry.samples.push(value);
  out.set(key, entry);
}

function readXml(bytes: Uint8Array): Reading {
  const { text, encoding, notes } = decode(bytes, 'xml');
  const guard = guardXml(text, 64);
  if (guard !== undefined) throw new TypeError(`inferMappingProfile: ${guard.message}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, removeNSPrefix: true, ignoreDeclaration: true, ignorePiTags: true }).parse(text) as unknown;
  // record element: an element path with child elements that repeats
  const counts = new Map<string, number>();
  const walk = (node: unknown, path: string[]): void => {
    for (const n of Array.isArray(node) ? node : [node]) {
      if (!isObject(n)) continue;
      if (path.length > 0 && Object.keys(n).some((k) => !k.startsWith('@') && k !== '#text')) counts.set(path.join('.'), (counts.get(path.join('.')) ?? 0) + 1);
      for (const [k, v] of Object.entries(n)) if (!k.startsWith('@') && k !== '#text') walk(v, [...path, k]);
    }
  };
  walk(doc, []);
  // Repeated within its parent (a Shipper inside each Shipment is not a record); most, then shallowest.
  const parentCount = (path: string): number => (path.includes('.') ? (counts.get(path.slice(0, path.lastIndexOf('.'))) ?? 1) : 1);
  const repeated = [...counts].filter(([path, n]) => n > parentCount(path));
  const [recordPath] = (repeated.length > 0 ? repeated : [...counts]).sort((a, b) => b[1] - a[1] || a[0].split('.').length - b[0].split('.').length)[0] ?? [''];
  const segments = recordPath.split('.');
  const follow = (node: unknown, steps: readonly string[]): unknown[] => {
    let cur: unknown[] = [node];
    for (const s of steps) cur = cur.flatMap((c) => (isObject(c) ? (Array.isArray(c[s]) ? (c[s] as unknown[]) : c[s] === undefined ? [] : [c[s]]) : []));
    return cur;
  };
  const out = new Map<string, Candidate>();
  // below the record
  const below = new Map<string, { segments: string[]; samples: string[] }>();
  for (const r of follow(doc, segments).slice(0, 200)) leaves(r, [], below);
  const record = segments.at(-1) ?? '';
  for (const [k, v] of below) out.set(k, { source: k, segments: [record, ...v.segments], samples: v.samples });
  // the enclosing element: '../x'
  if (segments.length >= 2) {
    const parentSteps = segments.slice(0, -1);
    const around = new Map<string, { segments: string[]; samples: string[] }>();
    for (const p of follow(doc, parentSteps).slice(0, 50)) leaves(p, [], around, record);
    for (const [k, v] of around) out.set(`../${k}`, { source: `../${k}`, segments: [parentSteps.at(-1) ?? '', ...v.segments], samples: v.samples });
  }
  // the rest of the document: absolute paths
  const rest = new Map<string, { segments: string[]; samples: string[] }>();
  const outside = (node: unknown, path: string[], depth: number): void => {
    if (!isObject(node) || depth > 8) return;
    for (const [k, v] of Object.entries(node)) {
      const p = [...path, k];
      if (segments.slice(0, p.length).join('.') === p.join('.') && p.length < segments.length) {
        // an ancestor of the records: only its own attributes
        for (const a of Object.keys(isObject(v) ? v : {})) if (a.startsWith('@') && p.length < segments.length - 1) add(rest, [...p, a], String((v as Record<string, unknown>)[a]));
        if (p.length < segments.length - 1) outside(v, p, depth + 1);
        continue;
      }
      if (p.join('.') === recordPath) continue;
      if (k.startsWith('@')) {
        add(rest, p, String(v));
        continue;
      }
      leaves(v, p, rest);
    }
  };
  outside(doc, [], 0);
  for (const [k, v] of rest) {
    const source = `/${k.replace(/\./gu, '/').replace(/\/@/gu, '/@')}`;
    if (!out.has(source)) out.set(source, { source, segments: v.segments, samples: v.samples });
  }
  const arrays = segments.length > 2 ? segments.slice(0, -1).map((_, i) => segments.slice(0, i + 1).join('.')).slice(1) : [];
  notes.push(`read as ${encoding}; one record per <${record}> at ${recordPath} (${counts.get(recordPath) ?? 0} in the file)`);
  return {
    format: 'xml',
    candidates: [...out.values()],
    settings: { encoding, xml: { recordPath, ...(arrays.length > 0 ? { arrays } : {}), namespaces: 'strip' } },
    notes,
  };
}

/**
 * The date format of sample values, or undefined (`iso`, `dd.MM.yyyy HH:mm`, `yyyy-MM-dd`, …).
 *
 * @example
 * ```ts
 * inferDateFormat(['15.01.2030 14:30', '03.02.2030 08:05']); // 'dd.MM.yyyy HH:mm'
 * ```
 */
export function inferDateFormat(samples: readonly string[]): string | undefined {
  if (samples.length === 0) return undefined;
  if (samples.every((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/u.test(s))) return 'iso';
  const re = /^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?:([ T])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u;
  const parts = samples.map((s) => re.exec(s));
  if (parts.some((m) => m === null)) return undefined;
  const ms = parts as RegExpExecArray[];
  const first = ms[0] as RegExpExecArray;
  const sep = first[2] as string;
  const twoDigit = (k: number): boolean => ms.every((m) => (m[k] as string).length === 2);
  let date: string;
  if ((first[1] as string).length === 4) date = `yyyy${sep}${twoDigit(3) ? 'MM' : 'M'}${sep}${twoDigit(4) ? 'dd' : 'd'}`;
  else {
    // day first unless the second number goes above 12 somewhere (then month first)
    const monthFirst = ms.some((m) => Number(m[3]) > 12) && ms.every((m) => Number(m[1]) <= 12);
    const a = monthFirst ? (twoDigit(1) ? 'MM' : 'M') : twoDigit(1) ? 'dd' : 'd';
    const b = monthFirst ? (twoDigit(3) ? 'dd' : 'd') : twoDigit(3) ? 'MM' : 'M';
    date = `${a}${sep}${b}${sep}yyyy`;
  }
  if (first[5] === undefined) return date;
  return `${date}${first[5] === 'T' ? "'T'" : ' '}${twoDigit(6) ? 'HH' : 'H'}:mm${first[8] === undefined ? '' : ':ss'}`;
}

/**
 * Decimal and thousands separators of numeric samples.
 *
 * @example
 * ```ts
 * inferNumberStyle(['12 450,5', '980,0']); // { decimalSeparator: ',', thousandsSeparator: ' ' }
 * ```
 */
export function inferNumberStyle(samples: readonly string[]): { decimalSeparator: '.' | ','; thousandsSeparator: 'none' | '.' | ',' | ' ' } | undefined {
  const s = samples.filter((v) => /^-?[\d .,\u00A0]+$/u.test(v) && /\d/u.test(v));
  if (s.length === 0) return undefined;
  if (s.some((v) => /^\d{1,3}([ \u00A0]\d{3})+(,\d+)?$/u.test(v))) return { decimalSeparator: ',', thousandsSeparator: ' ' };
  if (s.some((v) => /^\d{1,3}(\.\d{3})+,\d+$/u.test(v))) return { decimalSeparator: ',', thousandsSeparator: '.' };
  if (s.some((v) => /^\d{1,3}(,\d{3})+(\.\d+)?$/u.test(v))) return { decimalSeparator: '.', thousandsSeparator: ',' };
  if (s.some((v) => /^\d+,\d+$/u.test(v))) return { decimalSeparator: ',', thousandsSeparator: 'none' };
  return { decimalSeparator: '.', thousandsSeparator: 'none' };
}

function guessMode(candidates: readonly Candidate[]): TransportMode {
  const names = candidates.map((c) => c.segments.join(' ').toLowerCase()).join(' ');
  if (/flight|awb|aircraft|\bfly/u.test(names)) return 'air';
  if (/train|\btog\b|wagon|vogn|\bcim/u.test(names)) return 'rail';
  if (/vessel|\bship|skip|imo|voyage/u.test(names)) return 'maritime';
  return 'road';
}

/**
 * Proposes a draft profile for a sample manifest. Each mapping comes from the column's or
 * element's name (see `lib/column-concepts.ts`); formats come from the values.
 *
 * @example
 * import { readFile } from 'node:fs/promises';
 * const { yaml, unmapped } = inferMappingProfile({ bytes: await readFile('sample.csv'), fileName: 'sample.csv' });
 */
export function inferMappingProfile(sample: { readonly bytes: Uint8Array; readonly fileName: string }, options: InferMappingProfileOptions = {}): InferredProfile {
  const isXml = /\.xml$/iu.test(sample.fileName) || /^\s*(\uFEFF)?\s*</u.test(Buffer.from(sample.bytes.subarray(0, 64)).toString('latin1').replace(/\0/gu, ''));
  const reading = isXml ? readXml(sample.bytes) : readCsv(sample.bytes);
  const mode = options.mode ?? guessMode(reading.candidates);
  const proposals = new Map<string, ProposedField & { score: number }>();
  const propose = (section: Section, target: string, source: string | undefined, spec: Spec, reason: string, score: number): void => {
    const key = `${section}|${target}`;
    const have = proposals.get(key);
    if (have === undefined || have.score < score) proposals.set(key, { section, target, source, spec, reason, score });
  };
  const classified = reading.candidates.map((c) => ({ c, k: classifyName(c.segments) })).filter((x): x is { c: Candidate; k: Classified } => x.k !== undefined);
  const has = (concept: Concept): boolean => classified.some((x) => x.k.kind === 'concept' && x.k.concept === concept);
  const hasParty = (party: Party): boolean => classified.some((x) => x.k.kind === 'party' && x.k.party === party);
  const withMasters = has('masterNumber');
  const withTransport = classified.some((x) => x.k.kind === 'party' && x.k.party === 'vehicle' && x.k.attribute === 'registration');
  const numberSamples: string[] = [];
  const dateSamples: { format: string | undefined; type: 'date' | 'datetime' }[] = [];

  for (const { c, k } of classified) {
    const score = (k.exact ? 2 : 1) + (c.samples.length > 0 ? 1 : 0);
    const from = c.source;
    const at = (section: Section, target: string, spec: Spec = {}, reason = ''): void => {
      propose(section, target, from, { from, ...spec }, reason || (k.kind === 'concept' ? k.concept : `${k.party} ${k.attribute}`), score);
    };
    if (k.kind === 'party') {
      if (k.party === 'consignor' || k.party === 'consignee') {
        for (const t of PARTY_FIELDS[k.party][k.attribute] ?? []) at('house', t, k.attribute === 'country' ? { check: 'country' } : {});
        if (k.party === 'consignor' && withMasters && mode === 'rail') {
          // CIM notes: the master's consignor is its houses' shipper
          const master = { name: 'name', street: 'address.streetLine', postcode: 'address.postcode', city: 'address.city', country: 'address.country' }[k.attribute as string];
          if (master !== undefined) at('master', `consignmentMasterLevel.consignor.${master}`, { aggregate: 'first' });
        }
      } else if (k.party === 'carrier') {
        for (const [section, t] of CARRIER_FIELDS[k.attribute] ?? []) at(section, t);
      } else if (k.party === 'driver') {
        if (k.attribute === 'name') at('transport', 'activeBorderTransportMeans.operator.name');
        if (k.attribute === 'phone') at('transport', 'activeBorderTransportMeans.operator.communication[0].identifier', { removeSpaces: true });
      } else if (k.attribute === 'registration') at('transport', 'activeBorderTransportMeans.identificationNumber', { removeSpaces: true, case: 'upper' });
      else if (k.attribute === 'country') at('transport', 'activeBorderTransportMeans.countryCode', { check: 'country' });
      continue;
    }
    switch (k.concept) {
      case 'masterNumber':
        at('master', 'consignmentMasterLevel.transportDocumentMasterLevel.documentNumber');
        break;
      case 'houseNumber':
        at('house', 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber');
        break;
      case 'flightNumber':
        at('transport', 'activeBorderTransportMeans.conveyanceReferenceNumber');
        break;
      case 'office':
        at('transport', 'customsOfficeOfFirstEntry.referenceNumber', { check: 'customs-office' }, 'office (add a translations table if the file names places, not office codes)');
        break;
      case 'arrival':
        at('transport', 'scheduledDateAndTimeOfArrival', { type: 'datetime', required: true });
        dateSamples.push({ format: inferDateFormat(c.samples), type: 'datetime' });
        break;
      case 'grossMass':
        numberSamples.push(...c.samples);
        if (k.master) at('master', 'consignmentMasterLevel.grossMass', { type: 'decimal' });
        else {
          at('house', 'consignmentHouseLevel.totalGrossMass', { type: 'decimal' });
          if (withMasters) propose('master', 'consignmentMasterLevel.grossMass', from, { from, type: 'decimal', aggregate: 'sum' }, 'gross mass (sum of the houses)', score - 1);
        }
        break;
      case 'packages':
        at('house', 'consignmentHouseLevel.numberOfPackages', { type: 'integer' });
        break;
      case 'description':
        at('house', 'consignmentHouseLevel.goodsDescription');
        break;
      case 'procedure':
        at('house', 'consignmentHouseLevel.importProcedure.importProcedure', { codeList: 'ImportProcedure' }, 'procedure (add a translations table if the file uses its own procedure names)');
        break;
      case 'declarant':
        at('house', 'consignmentHouseLevel.previousDocuments[0].declarantNumber');
        propose('house', 'consignmentHouseLevel.previousDocuments[0].typeOfReference', undefined, { const: 'CUDE', when: from }, 'a TVINN declaration is a CUDE reference', score);
        break;
      case 'declarationDate':
        at('house', 'consignmentHouseLevel.previousDocuments[0].declarationDate', { type: 'date' });
        dateSamples.push({ format: inferDateFormat(c.samples), type: 'date' });
        break;
      case 'sequence':
        at('house', 'consignmentHouseLevel.previousDocuments[0].sequenceNumber');
        break;
      case 'exportMrn':
        at('house', 'consignmentHouseLevel.exportFromEU[0].exportId', { case: 'upper' });
        at('house', 'consignmentHouseLevel.importProcedure.hasOutgoingProcedure', { type: 'presence' }, 'an export MRN means an outgoing procedure');
        propose('house', 'consignmentHouseLevel.importProcedure.outgoingProcedure', undefined, { const: 'EXP', when: from }, 'export MRN', score);
        propose('house', 'consignmentHouseLevel.exportFromEU[0].typeOfExport', undefined, { const: 'AES_EXPORT', when: from }, 'export MRN', score);
        break;
      case 'transitMrn':
        at('house', 'consignmentHouseLevel.previousDocuments[0].referenceNumber', { case: 'upper' });
        propose('house', 'consignmentHouseLevel.previousDocuments[0].typeOfReference', undefined, { const: 'N820', when: from }, 'a transit MRN is an N820 reference', score);
        break;
      case 'receptacle':
        at('house', 'consignmentHouseLevel.receptacleIdentificationNumber');
        break;
      case 'hsCode':
        at('goodsItem', 'commodityCodeVOEC.harmonizedSystemSubheadingCode');
        break;
      case 'unitPrice':
        numberSamples.push(...c.samples);
        at('goodsItem', 'itemAmountInvoicedVOEC.value', { type: 'decimal' });
        break;
      case 'quantity':
        at('goodsItem', 'itemAmountInvoicedVOEC.numberOfItems', { type: 'integer' });
        break;
      case 'voecNumber':
        at('goodsItem', 'additionalFiscalReferences.vatIdentificationNumber');
        break;
    }
  }

  // Constants every draft needs: document types, transport codes.
  const types = DOC_TYPES[mode];
  const receptacle = has('receptacle');
  propose('house', 'consignmentHouseLevel.transportDocumentHouseLevel.type', undefined, { const: receptacle ? 'N750' : types.house, codeList: 'CL754' }, `the usual house document type for ${mode}`, 0);
  propose('house', 'consignmentHouseLevel.containerIndicator', undefined, { const: 0, type: 'integer' }, 'not in a container (change if it is)', 0);
  if (withMasters) propose('master', 'consignmentMasterLevel.transportDocumentMasterLevel.type', undefined, { const: types.master, codeList: 'CL754' }, `the usual master document type for ${mode}`, 0);
  if (withMasters) propose('master', 'consignmentMasterLevel.containerIndicator', undefined, { const: 0, type: 'integer' }, 'not in a container', 0);
  if (withTransport && hasParty('driver')) propose('transport', 'activeBorderTransportMeans.operator.communication[0].type', undefined, { const: 'TE' }, 'a phone number', 0);
  for (const p of ['consignor', 'consignee'] as const) {
    if (classified.some((x) => x.k.kind === 'party' && x.k.party === p)) propose('house', `consignmentHouseLevel.${p}.typeOfPerson`, undefined, { const: 2, type: 'integer' }, '2 = company (1 = person)', 0);
  }
  if (has('voecNumber')) propose('goodsItem', 'additionalFiscalReferences.role', undefined, { const: 'FR5', codeList: 'CL756' }, 'the VOEC role', 0);
  const carrierKey = proposals.get('master|consignmentMasterLevel.carrier.identificationNumber');
  if (withMasters && carrierKey === undefined) {
    propose('master', 'consignmentMasterLevel.carrier.identificationNumber', undefined, { param: 'carrierId' }, 'no carrier column: give it with --param carrierId=…', 0);
  }
  const rowsPerHouse =
    reading.repeatsHouse !== undefined &&
    [...proposals.values()].some((p) => p.target === 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber' && p.source !== undefined && reading.repeatsHouse?.(p.source) === true);
  if (rowsPerHouse) {
    for (const p of proposals.values()) {
      if (p.target === 'consignmentHouseLevel.totalGrossMass') p.spec['aggregate'] = 'sum';
    }
  }

  const fields = [...proposals.values()].map(({ score: _score, ...f }) => f);
  const sections: Record<Section, Record<string, unknown>> = { transport: {}, master: {}, house: {}, goodsItem: {} };
  for (const f of fields) sections[f.section][f.target] = Object.keys(f.spec).length === 1 && f.spec['from'] !== undefined ? f.spec['from'] : f.spec;

  // Mandatory fields (Customs' schema for the mode) nothing was found for.
  const levels: NotificationLevel[] = [...(withTransport ? ['transport' as const] : []), ...(withMasters ? ['master-consignment' as const] : []), 'house-consignment'];
  const filledIn = new Set(['documentIssueDate', 'activeBorderTransportMeans.modeOfTransportCode', 'activeBorderTransportMeans.typeOfIdentification', 'estimatedDateAndTimeOfArrival']);
  const unmapped: { section: Section; target: string }[] = [];
  for (const level of levels) {
    const section: Section = level === 'transport' ? 'transport' : level === 'master-consignment' ? 'master' : 'house';
    for (const f of listNotificationFields(level, mode)) {
      if (f.presence !== 'required' || f.type === 'object' || f.type === 'array' || filledIn.has(f.path)) continue;
      if (section === 'house' && f.path.startsWith('consignmentHouseLevel.consignmentMasterLevel')) continue;
      if (section === 'transport' && f.path.startsWith('consignmentMasterLevel')) continue;
      const target = f.path.replace(/\[\]/gu, '[0]');
      if (!(target in sections[section])) unmapped.push({ section, target });
    }
  }
  if (sections.transport['scheduledDateAndTimeOfArrival'] === undefined && withTransport) unmapped.push({ section: 'transport', target: 'scheduledDateAndTimeOfArrival' });

  const numbers = inferNumberStyle(numberSamples);
  const dateTime = dateSamples.find((d) => d.type === 'datetime')?.format;
  const date = dateSamples.find((d) => d.type === 'date')?.format;
  const name = options.name ?? (sample.fileName.replace(/\.[^.]*$/u, '').toLowerCase().replace(/[^a-z0-9]+/gu, '-').replace(/^-+|-+$/gu, '').slice(0, 60) || 'partner');
  const profile = {
    name: /^[a-z0-9]/u.test(name) ? name : `p-${name}`,
    description: `Draft made by tollkit profile init from ${sample.fileName}; check every mapping.`,
    format: reading.format,
    mode,
    levels: [...levels],
    ...(receptacle ? { houseLink: 'receptacle' } : {}),
    ...(rowsPerHouse ? { grouping: 'rows-per-house' } : {}),
    ...reading.settings,
    ...(numbers === undefined ? {} : { numbers }),
    dates: { timeZone: 'Europe/Oslo', ...(dateTime === undefined ? {} : { dateTimeFormat: dateTime }), ...(date === undefined ? {} : { dateFormat: date }) },
    ...(withTransport ? { transport: { fields: sections.transport } } : {}),
    ...(withMasters || !receptacle ? { master: { fields: sections.master } } : {}),
    house: { fields: sections.house },
    ...(Object.keys(sections.goodsItem).length > 0 && rowsPerHouse ? { goodsItem: { fields: sections.goodsItem } } : {}),
  } as MappingProfileInput;
  if (!withMasters && profile.master !== undefined && Object.keys(profile.master.fields).length === 0) delete (profile as { master?: unknown }).master;
  const emitted = fields.filter((f) => f.section !== 'goodsItem' || (profile as { goodsItem?: unknown }).goodsItem !== undefined);
  const sourcesUsed = new Set(emitted.flatMap((f) => [f.source, typeof f.spec['when'] === 'string' ? f.spec['when'] : undefined]).filter((s): s is string => s !== undefined));
  const unused = reading.candidates.map((c) => c.source).filter((s) => !sourcesUsed.has(s));
  const notes = [...reading.notes];
  if (unused.length > 0) notes.push(`not mapped: ${unused.join(', ')}`);
  return { profile, yaml: renderYaml(profile, emitted, unmapped), fields: emitted, unmapped, unused, notes };
}

function renderYaml(profile: MappingProfileInput, fields: readonly ProposedField[], unmapped: readonly { section: Section; target: string }[]): string {
  const { transport, master, house, goodsItem, ...head } = profile as MappingProfileInput & Record<Section, { fields: Record<string, unknown> } | undefined>;
  const lines = [
    '# yaml-language-server: $schema=https://tollkit.local/schema/mapping-profile.schema.json',
    '# Draft from `tollkit profile init`: every mapping below is a guess from a column or element name.',
    '# Check each one, add translations tables for partner codes, then run `tollkit validate` on real files.',
    stringify(head, { lineWidth: 0 }).trimEnd(),
  ];
  const sections: [Section, { fields: Record<string, unknown> } | undefined][] = [['transport', transport], ['master', master], ['house', house], ['goodsItem', goodsItem]];
  for (const [section, body] of sections) {
    const missing = unmapped.filter((u) => u.section === section);
    if (body === undefined && missing.length === 0) continue;
    lines.push('', `${section}:`, '  fields:');
    for (const [target, spec] of Object.entries(body?.fields ?? {})) {
      const reason = fields.find((f) => f.section === section && f.target === target)?.reason;
      const value = stringify(spec, { collectionStyle: 'flow', lineWidth: 0 }).trim();
      lines.push(`    ${target}: ${value}${reason === undefined ? '' : `  # ${reason}`}`);
    }
    for (const m of missing) lines.push(`    # MANDATORY, not mapped: ${m.target} — no column or element found; map it (or a constant) before sending`);
    if (body === undefined || Object.keys(body.fields).length === 0) lines.push('    {}');
  }
  return `${lines.join('\n')}\n`;
}
