import { basename } from 'node:path';
import type { JobStore, ManifestRecord, NotificationRecord } from '../store/job-store.js';
import { settledNotificationStates } from '../store/states.js';
import { formatManifestHead, formatRows, toRows, type ManifestRow } from './describe-manifest.js';
import { summarizeManifests, type ManifestSummary } from './lib/manifest-summary.js';

/** What an operator's search term turned out to be. */
export type FindKind = 'manifest-id' | 'file' | 'request-id' | 'mrn' | 'waybill' | 'transport';

/** A row found by a search, with the manifest it belongs to. */
export interface FoundRow extends ManifestRow {
  readonly manifestId: string;
  readonly channel: string;
  readonly file: string;
}

/**
 * What the store knows about a search term:
 * - `unknown`: nothing matches — the store never saw it (not "still being validated");
 * - `pending`: something matches and is still in progress (a row waiting for Customs, a manifest not finished);
 * - `settled`: everything that matches is final.
 */
export type FindVerdict = 'unknown' | 'pending' | 'settled';

export interface FindResult {
  readonly query: string;
  /** Every way the term matched (a UUID may be both a manifest id and a requestId; a name both a file and a waybill). */
  readonly kinds: readonly FindKind[];
  readonly verdict: FindVerdict;
  readonly manifests: readonly ManifestSummary[];
  /** Matching rows; for a file match only its rejected/invalid rows (use `describeManifest` for the rest). */
  readonly rows: readonly FoundRow[];
  /** More rows matched than `limit`. */
  readonly truncated: boolean;
}

export interface FindOptions {
  /** Most rows returned (default 20, at most 1000). */
  readonly limit?: number | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MRN = /^\d{2}[A-Z]{2}[A-Z0-9]{14}$/;
/** Names the adapter writes: `<original>.result-<id8>.<fmt>` and `<original>.error-<id8>.txt`. */
const WRITTEN_NAME = /^(.+)\.(?:result|error)-([0-9a-f]{8})\.[a-z]+$/;
/** A claimed name (`<stamp>-<8 hex>-<original>`), possibly with a report suffix. */
const CLAIMED_NAME = /^\d{8}T\d{6}Z-[0-9a-f]{8}-.+$/;

/**
 * `tollkit status <anything>`, the console's search: resolves any name an operator sees — the
 * file's original name, its archive/failed name (a path is fine), a result or error-report name, a
 * manifest id from a log line, a requestId, an MRN, a waybill (house/master document number) or a
 * transport id (means of transport, without `@<arrival>`) — against the store, with indexed
 * look-ups only. Tells "unknown" (nothing matches) from "pending" (known, not finished).
 *
 * @example
 * const found = await findAnything(store, '20301115T101500Z-1a2b3c4d-orders.csv');
 * if (found.verdict === 'unknown') console.log('the adapter never saw it');
 */
export async function findAnything(store: JobStore, query: string, options: FindOptions = {}): Promise<FindResult> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError(`limit: must be a whole number from 1 to 1000; got ${limit}`);
  const q = query.trim();
  if (q === '') throw new TypeError('give a file name, manifest id, requestId, MRN, waybill or transport id');
  const kinds: FindKind[] = [];
  const manifests = new Map<string, ManifestRecord>();
  const rows = new Map<string, NotificationRecord>();
  const addManifests = (kind: FindKind, found: readonly (ManifestRecord | undefined)[]): void => {
    const real = found.filter((m): m is ManifestRecord => m !== undefined);
    if (real.length > 0 && !kinds.includes(kind)) kinds.push(kind);
    for (const m of real) manifests.set(m.id, m);
  };
  const addRows = (kind: FindKind, found: readonly NotificationRecord[]): void => {
    if (found.length > 0 && !kinds.includes(kind)) kinds.push(kind);
    for (const n of found) rows.set(n.id, n);
  };
  const take = limit + 1;
  if (UUID.test(q)) {
    addManifests('manifest-id', [await store.getManifest(q.toLowerCase())]);
    addRows('request-id', await store.findNotifications({ requestId: q.toLowerCase(), limit: take }));
  } else if (MRN.test(q)) {
    addRows('mrn', await store.findNotifications({ mrn: q, limit: take }));
  } else {
    const name = basename(q);
    addManifests('file', await store.findManifests({ originalName: name, limit: take }));
    if (CLAIMED_NAME.test(name)) {
      // An archive/failed name, or a failed report beside it (`<claimed name><suffix>`).
      const exact = await store.findManifests({ processingName: name, limit: take });
      addManifests('file', exact);
      if (exact.length === 0) {
        const stem = /^(.*)\.(?:error|report)[^/]*$/.exec(name)?.[1];
        if (stem !== undefined) addManifests('file', await store.findManifests({ processingName: stem, limit: take }));
      }
    }
    const written = WRITTEN_NAME.exec(name);
    if (written !== null) {
      const [, original = '', id8 = ''] = written;
      addManifests('file', (await store.findManifests({ originalName: original, limit: 1000 })).filter((m) => m.id.startsWith(id8)));
    }
    addRows('waybill', await store.findNotifications({ documentNumber: q, limit: take }));
    if (!q.includes('@')) addRows('transport', await store.findNotifications({ transportId: q, limit: take }));
  }
  // A file match shows what the partner must fix, not every row of a big file.
  for (const m of manifests.values()) {
    if (rows.size > limit) break;
    for (const n of await store.pageNotifications(m.id, { limit: take - rows.size, states: ['rejected', 'invalid'] })) rows.set(n.id, n);
  }
  const missing = [...new Set([...rows.values()].map((n) => n.manifestId))].filter((id) => !manifests.has(id));
  const owners = new Map<string, ManifestRecord>(manifests);
  for (const id of missing) {
    const m = await store.getManifest(id);
    if (m !== undefined) owners.set(id, m);
  }
  const summaries = await summarizeManifests(store, [...owners.values()]);
  const shown = [...rows.values()].slice(0, limit);
  const found: FoundRow[] = (await toRows(store, shown)).map((row, i) => {
    const manifestId = shown[i]?.manifestId ?? '';
    const owner = owners.get(manifestId);
    return { ...row, manifestId, channel: owner?.channel ?? '?', file: owner?.originalName ?? '?' };
  });
  const pending =
    summaries.some((m) => m.outcome === null && m.state !== 'failed') || shown.some((n) => !settledNotificationStates.includes(n.state));
  return {
    query: q,
    kinds,
    verdict: summaries.length === 0 && found.length === 0 ? 'unknown' : pending ? 'pending' : 'settled',
    manifests: summaries,
    rows: found,
    truncated: rows.size > limit,
  };
}

/** Text of a search: manifests first, then rows (at most what was found; never every row of a file). */
export function formatFind(result: FindResult, options: { readonly summary?: boolean } = {}): string {
  if (result.verdict === 'unknown') return `unknown: nothing in the store matches ${JSON.stringify(result.query)} (not a file, manifest id, requestId, MRN, waybill or transport id the adapter has seen)`;
  const lines = result.manifests.map(formatManifestHead);
  if (options.summary !== true) {
    const byFile = result.kinds.length === 1 && result.kinds[0] === 'file';
    if (byFile && result.rows.length > 0) lines.push('rejected or invalid rows:');
    lines.push(...formatRows(result.rows, (r) => ` [${r.file}]`));
    if (result.truncated) lines.push(`… more rows match; see them page by page with: tollkit status <manifest id> --rows [--cursor …]`);
  }
  if (result.verdict === 'pending') lines.push('pending: still in progress');
  return lines.join('\n');
}
