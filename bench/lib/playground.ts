import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startPlayground, type FaultConfig, type Playground } from '@tollkit/playground';

/** Road notification API paths of the playground (docs/digitoll.md §4.1). */
export const ROAD_SUBMIT = '/api/movement/road/v2';
export const ROAD_QUERY = '/api/movement/road/status/v2';

/** Options of {@link startBenchPlayground}. */
export interface BenchPlaygroundOptions {
  readonly validationDelayMs?: number;
  readonly faults?: FaultConfig;
  readonly dataDir?: string;
  readonly stateFile?: string;
}

/** A request the client abandoned (killed adapter, dropped connection): not a simulator failure. */
const CLIENT_GONE = /client went away|Error: aborted|ECONNRESET|socket hang up|ERR_STREAM_PREMATURE_CLOSE/;

/**
 * Starts the playground on a free loopback port for a benchmark. Unexpected playground errors are
 * collected (a benchmark fails when the simulator itself broke); requests the client abandoned
 * (the playground logs those too, e.g. when the adapter is killed mid-request) are not.
 */
export async function startBenchPlayground(options: BenchPlaygroundOptions = {}): Promise<{ pg: Playground; errors: string[] }> {
  const errors: string[] = [];
  const pg = await startPlayground({
    port: 0,
    host: '127.0.0.1',
    validationDelayMs: options.validationDelayMs ?? 0,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
    log: (line) => {
      if (!CLIENT_GONE.test(line) && errors.length < 20) errors.push(line);
    },
  });
  return { pg, errors };
}

/** A Customs token for the playground's demo client (all its scopes). */
export async function demoToken(pg: Playground): Promise<string> {
  return pg.issueCustomsToken({ orgNumber: pg.demoClient.orgNumber, scopes: pg.demoClient.scopes });
}

/**
 * POSTs beyond the first per notification (level, document number, type), from the playground's
 * counters: in total and for houses alone. (The adapter re-sends a transport — and a master whose
 * MRN a lookup cannot give — after an unknown outcome on purpose: Customs answers "already in use by
 * MRN …" and no second notification exists. A house is never re-sent once Customs holds it.)
 */
export function duplicatePosts(pg: Playground): { duplicates: number; houseDuplicates: number; notifications: number; examples: string[] } {
  const posts = pg.counters.snapshot().posts;
  let duplicates = 0;
  let houseDuplicates = 0;
  const examples: string[] = [];
  for (const p of posts) {
    if (p.count <= 1) continue;
    duplicates += p.count - 1;
    if (p.level === 'house-consignment') houseDuplicates += p.count - 1;
    if (examples.length < 5) examples.push(`${p.level} ${p.type} ${p.documentNumber} ×${p.count}`);
  }
  return { duplicates, houseDuplicates, notifications: posts.length, examples };
}

/** Requests the playground is working on, counted where they arrive (see {@link trackInFlight}). */
export interface InFlightTracker {
  /** Most requests in flight at once so far. */
  readonly max: number;
  /** Requests in flight now. */
  readonly current: number;
  /** `performance.now()` when the first request arrived, and when the last one was answered (`undefined` before). */
  readonly firstAt: number | undefined;
  readonly lastAt: number | undefined;
  /** How long (ms) exactly k requests were in flight, index k, from the first request to the last answer. */
  histogram(): number[];
  /** Mean requests in flight per `bucketMs` slot, from the first request on. */
  timeline(): number[];
  stop(): void;
}

/**
 * The Digitoll notification requests (POST/PUT/DELETE of notifications, validation-status GETs) in
 * flight at the playground, counted on its HTTP server from the request's arrival to the close of
 * its response (Node's `http.server.request.start` diagnostics channel: the bench runs the
 * playground in its own process). Token, routing-feed and admin requests are not counted: the
 * routing follower and token refreshes are not part of the notification traffic the ideal models.
 */
export function trackInFlight(bucketMs = 250): InFlightTracker {
  let current = 0;
  let max = 0;
  let since: number | undefined;
  let last = 0;
  const histogram: number[] = [];
  const buckets: number[] = [];
  const account = (at: number): void => {
    if (since === undefined) return;
    // Time at the current level from `last` to `at`, spread over the timeline's slots.
    histogram[current] = (histogram[current] ?? 0) + (at - last);
    // Slot boundaries are computed from the slot number (never from a float sum), so the walk ends.
    const lastSlot = Math.floor((at - since) / bucketMs);
    for (let slot = Math.floor((last - since) / bucketMs); slot <= lastSlot; slot++) {
      const from = Math.max(last, since + slot * bucketMs);
      const end = Math.min(at, since + (slot + 1) * bucketMs);
      if (end > from) buckets[slot] = (buckets[slot] ?? 0) + current * (end - from);
    }
    last = at;
  };
  const onStart = (message: unknown): void => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (!NOTIFICATION_TRAFFIC.test(request.url ?? '')) return;
    const at = performance.now();
    since ??= at;
    if (since === at) last = at;
    account(at);
    current++;
    if (current > max) max = current;
    response.once('close', () => {
      account(performance.now());
      current--;
    });
  };
  diagnostics.subscribe('http.server.request.start', onStart);
  return {
    get max() {
      return max;
    },
    get current() {
      return current;
    },
    get firstAt() {
      return since;
    },
    get lastAt() {
      return since === undefined ? undefined : last;
    },
    histogram: () => Array.from({ length: Math.max(histogram.length, max + 1) }, (_, k) => histogram[k] ?? 0),
    timeline: () => Array.from({ length: buckets.length }, (_, k) => (buckets[k] ?? 0) / bucketMs),
    stop: () => diagnostics.unsubscribe('http.server.request.start', onStart),
  };
}

/** Notification endpoints of every mode (`/api/movement/{road,air,…}/…`), not routing, presentation, arrival or tokens. */
const NOTIFICATION_TRAFFIC = /^\/api\/movement\/(?!routing\/|presentation\/|arrival\/)[a-z]+\//;
