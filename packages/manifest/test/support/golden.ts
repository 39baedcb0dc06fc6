/**
 * Golden-case harness: each folder under test/golden/ holds `case.json` (which profile and
 * input, options), the input (a file, or `generate.ts` for inputs too big to commit) and
 * `expected.json` ({ records, report }). Mismatches are reported per record and field.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  collectManifest,
  isPresentationProfile,
  isRelationOrArrivalProfile,
  parseMessageManifest,
  parsePresentationManifest,
  readPartnerProfile,
  type FileReport,
  type MappedRecord,
  type MessageRecord,
  type ParseManifestOptions,
  type PresentationRecord,
  type PresentationReport,
} from '../../src/index.js';

export const GOLDEN_DIR = resolve(import.meta.dirname, '../golden');

export interface GoldenCase {
  /** What the case shows. */
  readonly description: string;
  /** Profile path relative to the case folder. */
  readonly profile: string;
  /** Input path relative to the case folder; or omitted when the folder has generate.ts. */
  readonly input?: string;
  /** File name reported in problems (default: the input's base name). */
  readonly fileName?: string;
  readonly options?: ParseManifestOptions;
  /** Feed the input as a stream of chunks of this size (default: as one byte array). */
  readonly streamChunkBytes?: number;
}

/** A record of any kind of file: a notification, a presentation, a relation or an arrival. */
export type GoldenRecord = MappedRecord | PresentationRecord | MessageRecord;

export interface GoldenResult {
  readonly records: GoldenRecord[];
  readonly report: FileReport | PresentationReport;
}

export async function listCases(): Promise<string[]> {
  const entries = await readdir(GOLDEN_DIR, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

export async function runCase(name: string): Promise<GoldenResult> {
  const dir = join(GOLDEN_DIR, name);
  const spec = JSON.parse(await readFile(join(dir, 'case.json'), 'utf8')) as GoldenCase;
  const profile = await readPartnerProfile(join(dir, spec.profile));
  const options = spec.options ?? {};
  // Presentation, relation and arrival files (kind: presentation | relation | arrival): read whole.
  if (isPresentationProfile(profile) || isRelationOrArrivalProfile(profile)) {
    if (spec.input === undefined) throw new TypeError(`golden case ${name}: a ${profile.kind} case needs an input file`);
    const input = { bytes: await readFile(join(dir, spec.input)), fileName: spec.fileName ?? basename(spec.input) };
    return isPresentationProfile(profile) ? parsePresentationManifest(input, profile) : parseMessageManifest(input, profile);
  }
  if (spec.input === undefined) {
    const mod = (await import(pathToFileURL(join(dir, 'generate.ts')).href)) as { generate: () => AsyncIterable<Uint8Array> };
    const { records, report } = await collectManifest({ stream: mod.generate(), fileName: spec.fileName ?? 'generated.csv' }, profile, options);
    return { records, report };
  }
  const bytes = await readFile(join(dir, spec.input));
  const fileName = spec.fileName ?? basename(spec.input);
  const input =
    spec.streamChunkBytes === undefined ? { bytes, fileName } : { stream: chunked(bytes, spec.streamChunkBytes), fileName };
  return collectManifest(input, profile, options);
}

export async function readExpected(name: string): Promise<GoldenResult> {
  return JSON.parse(await readFile(join(GOLDEN_DIR, name, 'expected.json'), 'utf8')) as GoldenResult;
}

/** JSON round trip, as the expected file stores it. */
export function normalise(result: GoldenResult): GoldenResult {
  return JSON.parse(JSON.stringify(result)) as GoldenResult;
}

function describeRecord(r: GoldenRecord): string {
  if (!('level' in r)) return `${r.kind ?? 'unknown'} ${r.reference} (line ${r.line})`;
  const lines = r.source.firstLine === r.source.lastLine ? `line ${r.source.firstLine}` : `lines ${r.source.firstLine}-${r.source.lastLine}`;
  return `${r.level} ${r.key} (${lines}${r.source.path === undefined ? '' : `, ${r.source.path}`})`;
}

function diffValue(path: string, expected: unknown, actual: unknown, out: string[]): void {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return;
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(expected) && isObj(actual)) {
    for (const k of new Set([...Object.keys(expected), ...Object.keys(actual)])) diffValue(path === '' ? k : `${path}.${k}`, expected[k], actual[k], out);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) diffValue(`${path}[${i}]`, expected[i], actual[i], out);
    return;
  }
  out.push(`field ${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function describeProblem(p: { line?: number; path?: string; column?: string; field?: string; code?: string }): string {
  return [p.code, p.line === undefined ? undefined : `line ${p.line}`, p.path, p.column === undefined ? undefined : `column ${p.column}`, p.field]
    .filter((x) => x !== undefined)
    .join(', ');
}

/** Every difference between expected and actual, each naming the record (row) and field. */
export function diffGolden(expected: GoldenResult, actualRaw: GoldenResult): string[] {
  const actual = normalise(actualRaw);
  const out: string[] = [];
  const keyOf = (r: GoldenRecord): string => ('level' in r ? `${r.level} ${r.key} @${r.source.firstLine}` : `${r.kind ?? 'unknown'} ${r.reference} @${r.line}`);
  const actualByKey = new Map(actual.records.map((r) => [keyOf(r), r]));
  const expectedKeys = new Set(expected.records.map(keyOf));
  for (const e of expected.records) {
    const a = actualByKey.get(keyOf(e));
    if (a === undefined) {
      out.push(`record ${describeRecord(e)}: missing from the output`);
      continue;
    }
    const diffs: string[] = [];
    diffValue('', e, a, diffs);
    for (const d of diffs) out.push(`record ${describeRecord(e)}: ${d}`);
  }
  for (const a of actual.records) if (!expectedKeys.has(keyOf(a))) out.push(`record ${describeRecord(a)}: not expected`);
  const order = (rs: GoldenRecord[]): string => rs.map(keyOf).join(' | ');
  if (out.length === 0 && order(expected.records) !== order(actual.records)) out.push(`record order differs: expected ${order(expected.records)}; got ${order(actual.records)}`);
  const { problems: ep, ...eReport } = expected.report;
  const { problems: ap, ...aReport } = actual.report;
  const rd: string[] = [];
  diffValue('', eReport, aReport, rd);
  for (const d of rd) out.push(`report: ${d}`);
  for (let i = 0; i < Math.max(ep.length, ap.length); i++) {
    const e = ep[i];
    const a = ap[i];
    if (e === undefined) out.push(`report problem ${i + 1} (${describeProblem(a ?? {})}): not expected: ${a?.message}`);
    else if (a === undefined) out.push(`report problem ${i + 1} (${describeProblem(e)}): missing: ${e.message}`);
    else {
      const pd: string[] = [];
      diffValue('', e, a, pd);
      for (const d of pd) out.push(`report problem ${i + 1} (${describeProblem(e)}): ${d}`);
    }
  }
  return out;
}
