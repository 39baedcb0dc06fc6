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
