import type { ManifestInput } from './parse-manifest.js';
import type { PresentationReport } from './parse-presentation-manifest.js';
import {
  ARRIVAL_REQUIRED,
  RELATION_REQUIRED,
  type ArrivalField,
  type ArrivalProfile,
  type RelationField,
  type RelationProfile,
} from './relation-arrival-profile-schema.js';
import type { ManifestProblem } from './types.js';
import { checkBody, mapRowValues, messageReportOf } from './lib/message-values.js';
import { readPresentationRows } from './lib/presentation-rows.js';
import { ProblemLog } from './lib/problems.js';

/** One relation or arrival of a file: the body to POST (Customs assigns the requestId) or why not. */
export interface MessageRecord {
  readonly ok: boolean;
  readonly kind: 'relation' | 'arrival';
  /**
   * What the request is about, for keys and reports: an arrival's transport MRN; a relation's
   * `PARENT_TYPE parentMRN > CHILD_TYPE childMRN`.
   */
  readonly reference: string;
  /** `POST` body (`@tollkit/messages` `relationSchema` / `arrivalSchema`). */
  readonly body: Readonly<Record<string, unknown>>;
  readonly problems: readonly ManifestProblem[];
  /** CSV: the row's line; XML: the record element's start line. */
  readonly line: number;
  readonly path?: string | undefined;
}

/** The file-level outcome of {@link parseMessageManifest} (`presentations` counts the good records). */
export type MessageReport = PresentationReport;

/**
 * The reference of a relation or arrival body (see {@link MessageRecord.reference}).
 *
 * @example
 * ```ts
 * messageReference('arrival', { transportMRN: '26NO6RQ5KZGVWPLTA3' }); // '26NO6RQ5KZGVWPLTA3'
 * ```
 */
export function messageReference(kind: 'relation' | 'arrival', body: Readonly<Record<string, unknown>>): string {
  const s = (x: unknown): string => (typeof x === 'string' ? x : '');
  return kind === 'arrival'
    ? s(body['transportMRN'])
    : `${s(body['parentObjectType'])} ${s(body['parentObjectReference'])} > ${s(body['childObjectType'])} ${s(body['childObjectReference'])}`;
}

/**
 * Reads a relation file (`kind: relation` profile) or an arrival file (`kind: arrival`), CSV or XML:
 * one request per row/record, each checked with Customs' synchronous rules for its endpoint
 * (`@tollkit/messages` `relationSchema` / `arrivalSchema`). Bad rows are reported with file, line,
 * column and field, never thrown; a file-level failure is `report.fatal`. The same relation (or the
 * arrival of the same transport) twice in one file is an error on the second row.
 *
 * @example
 * ```ts
 * declare const text: string; // the profile's YAML
 * declare const bytes: Uint8Array; // the arrival file
 * declare const client: { submitArrival(body: unknown): Promise<unknown> }; // e.g. @tollkit/digitoll-client
 * const profile = loadPartnerProfile(text, 'yaml');
 * const { records } = parseMessageManifest({ bytes, fileName: 'arrivals.csv' }, profile as ArrivalProfile);
 * for (const r of records) if (r.ok) await client.submitArrival(r.body);
 * ```
 */
export function parseMessageManifest(
  input: Extract<ManifestInput, { bytes: Uint8Array }>,
  profile: RelationProfile | ArrivalProfile,
  options: { readonly params?: Readonly<Record<string, string>> } = {},
): { records: MessageRecord[]; report: MessageReport } {
  if (profile?.kind !== 'relation' && profile?.kind !== 'arrival') {
    throw new TypeError('parseMessageManifest: profile must be a validated relation or arrival profile (loadPartnerProfile)');
  }
  const file = input.fileName;
  const log = new ProblemLog(file, profile.limits.maxProblems);
  const records: MessageRecord[] = [];
  const rows = readPresentationRows(input.bytes, profile, log);
  if (rows !== undefined) {
    const kind = profile.kind;
    const [fields, required] = profile.kind === 'relation' ? [profile.relation.fields, RELATION_REQUIRED] : [profile.arrival.fields, ARRIVAL_REQUIRED];
    const seen = new Map<string, number>();
    for (const { row, values, problems, add } of mapRowValues<unknown, RelationField | ArrivalField>(rows, profile, fields, required, log, options.params ?? {})) {
      const body: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(values)) if (value !== undefined) body[name] = value;
      if (problems.every((p) => p.severity !== 'error')) checkBody(kind, body, row, log, add);
      const reference = messageReference(kind, body);
      const first = required.every((f) => values[f] !== undefined) ? seen.get(reference) : undefined;
      if (first !== undefined) {
        add(log.make('error', 'MESSAGE_DUPLICATE', { line: row.line, path: row.path, value: reference }, `the ${kind} ${reference} is already on line ${first} of this file; each is sent once`));
      } else if (required.every((f) => values[f] !== undefined)) seen.set(reference, row.line);
      records.push({ ok: problems.every((p) => p.severity !== 'error'), kind, reference, body, problems, line: row.line, path: row.path });
    }
  }
  return { records, report: messageReportOf(file, profile, rows?.rows.length ?? 0, records.filter((r) => r.ok).length, log) };
}
