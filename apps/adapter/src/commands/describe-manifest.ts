import type { JobStore, NotificationError, NotificationLevel, NotificationRecord, RecordedRoutingResult } from '../store/job-store.js';
import { notificationStates, type NotificationState } from '../store/states.js';
import { outcomeText, summarizeManifests, type ManifestSummary } from './lib/manifest-summary.js';

/** One of Customs' (or local validation's) errors on a row, with the field path it names. */
export interface RowError {
  /** Dotted path with `[i]` indexes, e.g. `consignmentHouseLevel.goodsItem[0].commodityCode`; `''` for the whole message. */
  readonly field: string;
  readonly message: string;
}

/** One routing signal for a row's MRN. */
export interface RowRouting {
  readonly decision: string;
  readonly at: string | null;
  readonly routingControlLocation: string | null;
}

/** One notification (row) of a manifest, as the detail view shows it. */
export interface ManifestRow {
  readonly id: string;
  /** Order within the manifest (the row in the file). */
  readonly position: number;
  readonly level: NotificationLevel;
  readonly mode: string;
  readonly documentNumber: string;
  readonly type: string;
  readonly carrier: string | null;
  /** `level|documentNumber|type|carrier`: the document's identity at Customs. */
  readonly key: string;
  readonly operation: string;
  readonly state: NotificationState;
  readonly requestId: string | null;
  readonly mrn: string | null;
  readonly errors: readonly RowError[];
  readonly incompleteReasons: readonly string[];
  /** Routing signals for the MRN, oldest first (the last one counts). */
  readonly routing: readonly RowRouting[];
  readonly lastError: string | null;
  readonly attempts: { readonly submit: number; readonly poll: number; readonly lookup: number };
  readonly updatedAt: string;
}

/** Paging and filters of {@link describeManifest}. */
export interface DescribeManifestOptions {
  /** `nextCursor` of the previous page of rows. */
  readonly cursor?: string | undefined;
  /** Rows per page, 0–1000 (default 100; 0 = the summary only). */
  readonly limit?: number | undefined;
  /** Only rows in these states (e.g. `['rejected', 'invalid']` for "what must the partner fix"). */
  readonly states?: readonly NotificationState[] | undefined;
  readonly levels?: readonly NotificationLevel[] | undefined;
}

/** A manifest with one page of its rows. */
export interface ManifestDetail {
  readonly manifest: ManifestSummary & { readonly contentHash: string };
  readonly rows: readonly ManifestRow[];
  readonly nextCursor: string | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Customs' two error shapes as `{ field, message }`. */
export function rowError(error: NotificationError): RowError {
  if ('field' in error) return { field: error.field, message: error.error };
  return { field: error.pointer?.messageElementPath ?? '', message: error.description };
}

/** Routing results as the rows show them, oldest first. */
export function routingSignals(results: readonly RecordedRoutingResult[]): RowRouting[] {
  return [...results]
    .sort((a, b) => (a.issuedAt ?? a.receivedAt) - (b.issuedAt ?? b.receivedAt))
    .map((r) => {
      const payload = r.payload as { routingResult?: { routingControlLocation?: string } } | null;
      return { decision: r.decision, at: r.issuedAt === null ? null : iso(r.issuedAt), routingControlLocation: payload?.routingResult?.routingControlLocation ?? null };
    });
}

/** Stored notifications as rows, their routing signals read in one query for the page. */
export async function toRows(store: JobStore, notifications: readonly NotificationRecord[]): Promise<ManifestRow[]> {
  const mrns = notifications.map((n) => n.mrn).filter((m): m is string => m !== null);
  const routing = new Map<string, RecordedRoutingResult[]>();
  for (const r of mrns.length === 0 ? [] : await store.listRoutingResultsFor(mrns)) routing.set(r.mrn, [...(routing.get(r.mrn) ?? []), r]);
  return notifications.map((n) => toRow(n, n.mrn === null ? [] : (routing.get(n.mrn) ?? [])));
}

/** A stored notification as a row, with the routing results of its MRN. */
export function toRow(n: NotificationRecord, routing: readonly RecordedRoutingResult[]): ManifestRow {
  return {
    id: n.id,
    position: n.position,
    level: n.level,
    mode: n.mode,
    documentNumber: n.documentNumber,
    type: n.type,
    carrier: n.carrier,
    key: n.key,
    operation: n.operation,
    state: n.state,
    requestId: n.requestId,
    mrn: n.mrn,
    errors: n.errors.map(rowError),
    incompleteReasons: n.incompleteReasons,
    routing: routingSignals(routing),
    lastError: n.lastError,
    attempts: { submit: n.submitAttempts, poll: n.pollAttempts, lookup: n.lookupAttempts },
    updatedAt: iso(n.updatedAt),
  };
}

function decodeCursor(cursor: string): { position: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  const position = Number(text.slice(0, dot));
  if (dot < 1 || !Number.isInteger(position)) throw new TypeError(`cursor: "${cursor}" is not a row cursor this command returned`);
  return { position, id: text.slice(dot + 1) };
}

/**
 * The console's manifest detail and `tollkit status <manifest>`: the manifest (state, outcome,
 * counts) and one page of its rows in file order — keys, level, state, requestId, MRN, Customs'
 * errors with their field paths, incomplete-documentation reasons and routing decisions. Rows are
 * read a page at a time (keyset on position), so a 1,000,000-row file costs one page. `undefined`
 * when no manifest has that id.
 *
 * @example
 * const detail = await describeManifest(store, manifestId, { states: ['rejected', 'invalid'], limit: 20 });
 */
export async function describeManifest(store: JobStore, manifestId: string, options: DescribeManifestOptions = {}): Promise<ManifestDetail | undefined> {
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 0 || limit > 1000) throw new TypeError(`limit: must be a whole number from 0 to 1000; got ${limit}`);
  for (const s of options.states ?? []) if (!notificationStates.includes(s)) throw new TypeError(`state: "${s}" is not one of ${notificationStates.join(', ')}`);
  const record = await store.getManifest(manifestId);
  if (record === undefined) return undefined;
  const [summary] = await summarizeManifests(store, [record]);
  const manifest = { ...(summary as ManifestSummary), contentHash: record.contentHash };
  if (limit === 0) return { manifest, rows: [], nextCursor: null };
  const page = await store.pageNotifications(manifestId, {
    after: options.cursor === undefined ? undefined : decodeCursor(options.cursor),
    limit: limit + 1,
    states: options.states,
    levels: options.levels,
  });
  const shown = page.slice(0, limit);
  const rows = await toRows(store, shown);
  const last = shown.at(-1);
  return {
    manifest,
    rows,
    nextCursor: page.length > limit && last !== undefined ? Buffer.from(`${last.position}.${last.id}`, 'utf8').toString('base64url') : null,
  };
}

/**
 * One line per row: `#12 house-consignment CMR-1 (N740) create: rejected MRN … requestId …`, errors
 * indented; `suffix` adds to each row's line (e.g. the file it belongs to).
 */
export function formatRows<R extends ManifestRow>(rows: readonly R[], suffix: (row: R) => string = () => ''): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    const routing = r.routing.at(-1);
    lines.push(
      `#${r.position} ${r.level} ${r.documentNumber} (${r.type}, ${r.mode}) ${r.operation}: ${r.state}` +
        `${r.mrn === null ? '' : ` MRN ${r.mrn}`}${r.requestId === null ? '' : ` requestId ${r.requestId}`}` +
        `${routing === undefined ? '' : ` routing ${routing.decision}${routing.routingControlLocation === null ? '' : `/${routing.routingControlLocation}`}`}${suffix(r)}`,
    );
    for (const e of r.errors) lines.push(`    error: ${e.field === '' ? '' : `${e.field}: `}${e.message}`);
    if (r.incompleteReasons.length > 0) lines.push(`    incomplete: ${r.incompleteReasons.join(', ')}`);
    if (r.lastError !== null && r.state !== 'accepted' && r.state !== 'routed') lines.push(`    last problem: ${r.lastError}`);
  }
  return lines;
}

/** The manifest's head line (file, channel, state, outcome, counts). */
export function formatManifestHead(m: ManifestSummary): string {
  const c = m.counts;
  return (
    `manifest ${m.originalName} on ${m.channel} (${m.id}): ${m.state}, ${outcomeText(m.outcome, c)}; received ${m.receivedAt}; ` +
    `rows ${c.total}: sent ${c.sent} accepted ${c.accepted} rejected ${c.rejected} invalid ${c.invalid} pending ${c.pending}` +
    `${m.failure === null ? '' : ` — ${m.failure.code}: ${m.failure.message}`}`
  );
}

/** Text of a detail page. */
export function formatManifestDetail(detail: ManifestDetail): string {
  const lines = [formatManifestHead(detail.manifest), ...formatRows(detail.rows)];
  if (detail.nextCursor !== null) lines.push(`more rows: --cursor ${detail.nextCursor}`);
  return lines.join('\n');
}
