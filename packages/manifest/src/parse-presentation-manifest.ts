import type { ManifestInput } from './parse-manifest.js';
import {
  PRESENTATION_KINDS,
  type PresentationField,
  type PresentationKind,
  type PresentationProfile,
} from './presentation-profile-schema.js';
import type { ManifestProblem } from './types.js';
import { placeOf } from './lib/fields.js';
import { checkBody, mapRowValues, messageReportOf } from './lib/message-values.js';
import { readPresentationRows, type PresentationRows } from './lib/presentation-rows.js';
import { ProblemLog } from './lib/problems.js';

/** One presentation of a file: the body to POST (without `requestId`, which the sender adds) or why not. */
export interface PresentationRecord {
  readonly ok: boolean;
  /** The endpoint; `undefined` when the row's kind could not be read. */
  readonly kind: PresentationKind | undefined;
  /** What is presented, for keys and reports, e.g. `HC002 N740`, `23NO00000000000001`, `GBASFZ…`. */
  readonly reference: string;
  /** The document type of a house/master presentation (`N740`), else `''`. */
  readonly documentType: string;
  /** `POST …/presentation/v1/{kind}` body without `requestId`. */
  readonly body: Readonly<Record<string, unknown>>;
  readonly problems: readonly ManifestProblem[];
  /** CSV: the row's line; XML: the record element's start line. */
  readonly line: number;
  readonly path?: string | undefined;
}

/** The file-level outcome of {@link parsePresentationManifest}. */
export interface PresentationReport {
  readonly file: string;
  readonly profile: string;
  readonly format: 'csv' | 'xml';
  readonly rowsRead: number;
  readonly presentations: number;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly problems: readonly ManifestProblem[];
  readonly fatal?: ManifestProblem | undefined;
  readonly ok: boolean;
}

/** A `requestId` that satisfies the schema while the body is checked (the sender sets the real one). */
const CHECK_REQUEST_ID = '00000000-0000-4000-8000-000000000000';

/** What each kind needs besides the office (field names of the profile). */
const NEEDS: Record<PresentationKind, readonly (readonly PresentationField[])[]> = {
  'house-consignment': [['documentNumber']],
  'master-consignment': [['documentNumber', 'type'], ['entrySummaryDeclarationMRN']],
  receptacle: [['receptacleId']],
  container: [['containerIdentificationNumber']],
  'entry-summary-declaration': [['entrySummaryDeclarationMRN']],
};

/** Aliases accepted for `kind` besides the endpoint names (case-insensitive). */
const KIND_ALIASES: Readonly<Record<string, PresentationKind>> = {
  house: 'house-consignment',
  master: 'master-consignment',
  ens: 'entry-summary-declaration',
};

function kindOf(value: string): PresentationKind | undefined {
  const v = value.trim().toLowerCase();
  return (PRESENTATION_KINDS as readonly string[]).includes(v) ? (v as PresentationKind) : KIND_ALIASES[v];
}

/** The body of one presentation from its mapped values (docs/digitoll.md §7.5, `@tollkit/messages` uncertain.ts §3). */
function bodyOf(kind: PresentationKind, v: Partial<Record<PresentationField, string>>): Record<string, unknown> {
  const common: Record<string, unknown> = { customsOfficeOfPresentation: v.customsOfficeOfPresentation };
  if (v.transportMRN !== undefined && kind !== 'entry-summary-declaration') common['transportMRN'] = v.transportMRN;
  switch (kind) {
    case 'entry-summary-declaration':
      return { ...common, mrn: v.entrySummaryDeclarationMRN };
    case 'house-consignment':
      return {
        ...common,
        ...(v.entrySummaryDeclarationMRN !== undefined ? { entrySummaryDeclarationMRN: v.entrySummaryDeclarationMRN } : {}),
        consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: v.documentNumber, ...(v.type !== undefined ? { type: v.type } : {}) } },
      };
    case 'master-consignment':
      return {
        ...common,
        ...(v.entrySummaryDeclarationMRN !== undefined ? { entrySummaryDeclarationMRN: v.entrySummaryDeclarationMRN } : {}),
        ...(v.documentNumber !== undefined ? { transportDocumentMasterLevel: { documentNumber: v.documentNumber, type: v.type } } : {}),
      };
    case 'receptacle':
      return { ...common, receptacleId: v.receptacleId };
    case 'container':
      return { ...common, containerIdentificationNumber: v.containerIdentificationNumber };
  }
}

/**
 * What a presentation presents, for keys and reports.
 *
 * @example
 * ```ts
 * presentationReference('receptacle', { receptacleId: 'GBASFZMLBKONAUN30001001019999' });
 * // { reference: 'GBASFZMLBKONAUN30001001019999', documentType: '' }
 * ```
 */
export function presentationReference(kind: PresentationKind, body: Readonly<Record<string, unknown>>): { reference: string; documentType: string } {
  const s = (x: unknown): string => (typeof x === 'string' ? x : '');
  const o = (x: unknown): Record<string, unknown> => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {});
  switch (kind) {
    case 'entry-summary-declaration':
      return { reference: s(body['mrn']), documentType: '' };
    case 'house-consignment': {
      const doc = o(o(body['consignmentHouseLevel'])['transportDocumentHouseLevel']);
      return { reference: s(doc['documentNumber']), documentType: s(doc['type']) };
    }
    case 'master-consignment': {
      const doc = o(body['transportDocumentMasterLevel']);
      return doc['documentNumber'] !== undefined
        ? { reference: s(doc['documentNumber']), documentType: s(doc['type']) }
        : { reference: s(body['entrySummaryDeclarationMRN']), documentType: '' };
    }
    case 'receptacle':
      return { reference: s(body['receptacleId']), documentType: '' };
    case 'container':
      return { reference: s(body['containerIdentificationNumber']), documentType: '' };
  }
}

/**
 * Reads a presentation file (CSV or XML, as the profile says): one presentation per row/record,
 * each checked with Customs' synchronous rules for its endpoint (`@tollkit/messages`). Bad rows are
 * reported with file, line, column and field, never thrown; a file-level failure (encoding, missing
 * column, malformed XML) is `report.fatal`. The same presentation twice in one file is an error on
 * the second row (each is presented once). Presentation files are short: read whole.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * // client: createDigitollClient(…) of the digitoll-client package
 * declare const client: { present(input: { kind: PresentationKind; body: Readonly<Record<string, unknown>> }): Promise<unknown> };
 * const profile = loadPresentationProfile(await readFile('arrivals.yaml', 'utf8'), 'yaml');
 * const { records, report } = parsePresentationManifest({ bytes: await readFile('arrived.csv'), fileName: 'arrived.csv' }, profile);
 * for (const r of records) if (r.ok) await client.present({ kind: r.kind!, body: r.body });
 * ```
 */
export function parsePresentationManifest(
  input: Extract<ManifestInput, { bytes: Uint8Array }>,
  profile: PresentationProfile,
  options: { readonly params?: Readonly<Record<string, string>> } = {},
): { records: PresentationRecord[]; report: PresentationReport } {
  if (profile?.kind !== 'presentation') throw new TypeError('parsePresentationManifest: profile must be a validated presentation profile (loadPresentationProfile)');
  const file = input.fileName;
  const log = new ProblemLog(file, profile.limits.maxProblems);
  const records: PresentationRecord[] = [];
  const rows = readPresentationRows(input.bytes, profile, log);
  if (rows !== undefined) mapRows(rows, profile, log, options.params ?? {}, records);
  return { records, report: messageReportOf(file, profile, rows?.rows.length ?? 0, records.filter((r) => r.ok).length, log) };
}

function mapRows<R>(rows: PresentationRows<R>, profile: PresentationProfile, log: ProblemLog, params: Readonly<Record<string, string>>, out: PresentationRecord[]): void {
  const seen = new Map<string, number>();
  for (const { row, values, byTarget, problems, add } of mapRowValues<R, PresentationField>(rows, profile, profile.presentation.fields, ['kind', 'customsOfficeOfPresentation'], log, params)) {
    const kind = values.kind === undefined ? undefined : kindOf(values.kind);
    if (values.kind !== undefined && kind === undefined) {
      const f = byTarget.get('kind');
      add(log.make('error', 'VALUE_UNKNOWN_CODE', f === undefined ? { line: row.line } : placeOf(f, row, values.kind), `kind: "${values.kind}" is not a presentation kind (${PRESENTATION_KINDS.join(', ')}, or house, master, ens); map it with a translations table`));
    }
    let body: Record<string, unknown> = {};
    let ref = { reference: '', documentType: '' };
    if (kind !== undefined) {
      const needs = NEEDS[kind];
      if (!needs.some((set) => set.every((name) => values[name] !== undefined))) {
        add(log.make('error', 'VALUE_REQUIRED', { line: row.line, path: row.path }, `a ${kind} presentation needs ${needs.map((set) => set.join(' + ')).join(' or ')}`));
      }
      body = bodyOf(kind, values);
      ref = presentationReference(kind, body);
      if (problems.every((p) => p.severity !== 'error')) checkBody(`presentation/${kind}`, { ...body, requestId: CHECK_REQUEST_ID }, row, log, add);
      const key = `${kind}|${ref.reference}|${ref.documentType}`;
      const first = seen.get(key);
      if (first !== undefined && ref.reference !== '') {
        add(log.make('error', 'PRESENTATION_DUPLICATE', { line: row.line, path: row.path, value: ref.reference }, `${kind} ${ref.reference} is already presented on line ${first} of this file; each is presented once`));
      } else seen.set(key, row.line);
    }
    out.push({ ok: problems.every((p) => p.severity !== 'error') && kind !== undefined, kind, ...ref, body, problems, line: row.line, path: row.path });
  }
}

