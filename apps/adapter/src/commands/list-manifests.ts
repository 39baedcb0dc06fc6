import { manifestOutcomes, type JobStore, type ManifestOutcome } from '../store/job-store.js';
import { manifestStates, type ManifestState } from '../store/states.js';
import { outcomeText, summarizeManifests, type ManifestSummary } from './lib/manifest-summary.js';

export type { ManifestSummary } from './lib/manifest-summary.js';

/** Filters and paging of {@link listManifests}. */
export interface ListManifestsOptions {
  readonly channel?: string | undefined;
  /** One state or several (any of them). */
  readonly state?: ManifestState | readonly ManifestState[] | undefined;
  /** One outcome or several; `pending` = still in progress. */
  readonly outcome?: ManifestOutcome | 'pending' | readonly (ManifestOutcome | 'pending')[] | undefined;
  /** Received at or after: epoch ms, a `Date`, an ISO instant, or a duration back from now (`15m`, `2h`, `7d`). */
  readonly since?: number | Date | string | undefined;
  /** `nextCursor` of the previous page; omit for the newest manifests. */
  readonly cursor?: string | undefined;
  /** Page size, 1–1000 (default 50). */
  readonly limit?: number | undefined;
  /** For `since` durations; default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/** One page of manifests, newest first. */
export interface ManifestPage {
  readonly manifests: readonly ManifestSummary[];
  /** Pass as `cursor` for the next (older) page; `null` on the last page. */
  readonly nextCursor: string | null;
}

const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `since` as epoch ms; a `TypeError` naming the accepted forms otherwise. */
export function parseSince(since: number | Date | string, now: () => number = Date.now): number {
  if (typeof since === 'number') return since;
  if (since instanceof Date) return since.getTime();
  const duration = DURATION.exec(since.trim());
  if (duration !== null) return now() - Number(duration[1]) * (UNIT_MS[duration[2] as string] as number);
  const at = Date.parse(since);
  if (Number.isNaN(at)) throw new TypeError(`since: "${since}" is neither an ISO date/instant nor a duration like 15m, 2h or 7d`);
  return at;
}

function decodeCursor(cursor: string): { receivedAt: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const dot = text.indexOf('.');
  const receivedAt = Number(text.slice(0, dot));
  if (dot < 1 || !Number.isInteger(receivedAt)) throw new TypeError(`cursor: "${cursor}" is not a cursor this command returned`);
  return { receivedAt, id: text.slice(dot + 1) };
}

const list = <T>(value: T | readonly T[] | undefined): readonly T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? (value as readonly T[]) : [value as T];

/**
 * `tollkit list` and the console's manifest page: manifests newest first, filtered by channel,
 * state, outcome and receive time, paged with an opaque cursor. Reads the store only; every filter
 * is served by an index (migration 3), so a page stays fast with 100,000 manifests and 10 million
 * notifications (`bench/console-queries.ts`).
 *
 * @example
 * const page = await listManifests(store, { outcome: ['rejected', 'accepted-with-rejections'], since: '24h', limit: 20 });
 * const next = await listManifests(store, { outcome: 'rejected', cursor: page.nextCursor ?? undefined });
 */
export async function listManifests(store: JobStore, options: ListManifestsOptions = {}): Promise<ManifestPage> {
  const limit = options.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new TypeError(`limit: must be a whole number from 1 to 1000; got ${limit}`);
  const states = list(options.state);
  for (const s of states ?? []) if (!manifestStates.includes(s)) throw new TypeError(`state: "${s}" is not one of ${manifestStates.join(', ')}`);
  const outcomes = list(options.outcome);
  for (const o of outcomes ?? []) {
    if (o !== 'pending' && !manifestOutcomes.includes(o)) throw new TypeError(`outcome: "${o}" is not one of ${[...manifestOutcomes, 'pending'].join(', ')}`);
  }
  const rows = await store.pageManifests({
    channel: options.channel,
    states,
    outcomes,
    since: options.since === undefined ? undefined : parseSince(options.since, options.now),
    before: options.cursor === undefined ? undefined : decodeCursor(options.cursor),
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    manifests: await summarizeManifests(store, page),
    nextCursor: rows.length > limit && last !== undefined ? Buffer.from(`${last.receivedAt}.${last.id}`, 'utf8').toString('base64url') : null,
  };
}

/** A text table of a page (one manifest per line) and, when there is more, how to get it. */
export function formatManifestList(page: ManifestPage): string {
  if (page.manifests.length === 0) return 'no manifests match';
  const lines = page.manifests.map((m) => {
    const c = m.counts;
    return [
      m.receivedAt.replace(/\.\d{3}Z$/, 'Z'),
      m.id.slice(0, 8),
      m.channel,
      m.originalName,
      m.state,
      outcomeText(m.outcome, c),
      `sent ${c.sent} accepted ${c.accepted} rejected ${c.rejected} invalid ${c.invalid} pending ${c.pending}`,
    ].join('  ');
  });
  if (page.nextCursor !== null) lines.push(`more: --cursor ${page.nextCursor}`);
  return lines.join('\n');
}
