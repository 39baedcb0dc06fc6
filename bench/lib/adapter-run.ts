/**
 * One adapter run over a generated set: start `tollkit run`, move the files into the inbox, wait
 * for every result file, check the results and the playground's POST counters.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Playground } from '@tollkit/playground';
import { adapterEntry, countResults, makeChannelDirs, moveIntoInbox, startAdapter, tally, waitForResults, writeAdapterConfig, type AdapterProcess, type ChannelDirs, type ResultTally } from './adapter.js';
import { duplicatePosts } from './playground.js';
import { processCpuMs } from './process-cpu.js';
import { ChildRssSampler } from './resources.js';
import { roadProfilePath, type GeneratedSet } from './road-manifest.js';
import { note } from './figures.js';

/** What the JSON result file holds (the parts the benchmarks read). */
interface ResultFile {
  readonly file?: string;
  readonly lines?: readonly { kind?: string; level?: string | null; status?: string; mrn?: string | null }[];
}

/** Counts house lines with an MRN (accepted or routed) over the JSON result files in `outbox`. */
export async function acceptedHouses(outbox: string): Promise<number> {
  let houses = 0;
  for (const entry of await readdir(outbox)) {
    if (!/\.result-[0-9a-f]{8}\.json$/.test(entry)) continue;
    const result = JSON.parse(await readFile(join(outbox, entry), 'utf8')) as ResultFile;
    for (const l of result.lines ?? []) {
      if (l.kind === 'notification' && l.level === 'house-consignment' && (l.status === 'accepted' || l.status === 'routed') && typeof l.mrn === 'string' && l.mrn !== '') houses++;
    }
  }
  return houses;
}

/** Starts the adapter and waits until it has created something in its data folder (config read, store open). */
export async function startAdapterReady(configPath: string, dataDir: string, timeoutMs = 60_000): Promise<AdapterProcess> {
  await adapterEntry();
  const adapter = startAdapter(configPath);
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void adapter.exited.then(() => (exited = true));
  while (!exited && Date.now() < deadline) {
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (exited) throw new Error(`the adapter exited at start:\n${adapter.tail()}`);
  await new Promise((r) => setTimeout(r, 300));
  return adapter;
}

/** Outcome of {@link runAdapterOnSet}. */
export interface AdapterRun {
  /** From the first file dropped to the last result file seen. */
  readonly ms: number;
  /** `performance.now()` when the first file was dropped. */
  readonly startedAt: number;
  readonly tally: ResultTally;
  readonly housesAccepted: number;
  readonly peakRssMiB: number;
  /** CPU time (user + system) of the adapter process from the first file dropped to the last result, ms. */
  readonly cpuMs: number;
  readonly duplicatePosts: number;
  readonly duplicateHousePosts: number;
  readonly channel: ChannelDirs;
}

/** Runs the adapter over `set` (files are moved into the inbox) until every file has its result. */
export async function runAdapterOnSet(options: {
  pg: Playground;
  set: GeneratedSet;
  workDir: string;
  timeoutMs: number;
  /** `service.requestsInFlight` of the adapter: the concurrency the floor or the ideal assume. */
  requestsInFlight: number;
}): Promise<AdapterRun> {
  const channel = await makeChannelDirs(join(options.workDir, 'channel'));
  const configPath = await writeAdapterConfig({
    dir: options.workDir,
    pg: options.pg,
    channel,
    profile: roadProfilePath(),
    channelExtra: { resultFormat: 'json' },
    requestsInFlight: options.requestsInFlight,
  });
  const adapter = await startAdapterReady(configPath, join(options.workDir, 'data'));
  const rss = new ChildRssSampler(adapter.pid);
  try {
    const names = options.set.files.map((f) => f.name);
    const start = performance.now();
    const cpuAtStart = processCpuMs(adapter.pid) ?? 0;
    for (const f of options.set.files) await moveIntoInbox(f.path, channel.inbox, f.name);
    let lastReport = Date.now();
    const waited = await waitForResults(channel.outbox, names, {
      timeoutMs: options.timeoutMs,
      adapter,
      intervalMs: 100,
      onProgress: (done) => {
        if (Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          note(`adapter: ${done}/${names.length} files have a result`);
        }
      },
    });
    const ms = performance.now() - start;
    const cpuMs = (processCpuMs(adapter.pid) ?? cpuAtStart) - cpuAtStart;
    if (waited.adapterExited) note(`the adapter exited during the run:\n${adapter.tail()}`);
    if (waited.timedOut) note(`timed out waiting for results; adapter output:\n${adapter.tail()}`);
    // Give a late duplicate result a moment to show up before counting.
    await new Promise((r) => setTimeout(r, 500));
    const final = tally(await countResults(channel.outbox, names));
    return {
      ms,
      startedAt: start,
      tally: final,
      housesAccepted: await acceptedHouses(channel.outbox),
      peakRssMiB: rss.peakMiB,
      cpuMs,
      duplicatePosts: duplicatePosts(options.pg).duplicates,
      duplicateHousePosts: duplicatePosts(options.pg).houseDuplicates,
      channel,
    };
  } finally {
    rss.stop();
    await adapter.stop();
  }
}
