/**
 * The counters every fault run prints: lost files, files without exactly one result, duplicate
 * POSTs, and whether every house ended with an MRN.
 */
import { readdir } from 'node:fs/promises';
import type { Playground } from '@tollkit/playground';
import { countResults, tally, type ChannelDirs } from './adapter.js';
import { acceptedHouses } from './adapter-run.js';
import { printFigure, printMustBeZero, failInvariant } from './figures.js';
import { duplicatePosts } from './playground.js';

/** Where each dropped file ended up. */
export interface FaultOutcome {
  /** Files that are nowhere any more (not in inbox, processing, archive or failed) and have no result. */
  readonly lost: number;
  /** Files with zero or several result files. */
  readonly notExactlyOne: number;
  readonly duplicatePosts: number;
  readonly housesAccepted: number;
}

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Counts the outcome of a run over `dropped` files in a local channel (or an SFTP root seen locally). */
export async function faultOutcome(pg: Playground, channel: ChannelDirs, dropped: readonly string[]): Promise<FaultOutcome> {
  const counts = await countResults(channel.outbox, dropped);
  const t = tally(counts);
  const present = [...(await names(channel.inbox)), ...(await names(channel.processing)), ...(await names(channel.archive)), ...(await names(channel.failed))];
  let lost = 0;
  for (const name of dropped) {
    if ((counts.get(name) ?? 0) > 0) continue;
    // claimed files carry a `<stamp>-<hex>-` prefix in processing/, archive/ and failed/
    if (!present.some((p) => p === name || p.endsWith(`-${name}`))) lost++;
  }
  return { lost, notExactlyOne: t.missing + t.extra, duplicatePosts: duplicatePosts(pg).duplicates, housesAccepted: await acceptedHouses(channel.outbox) };
}

/** Prints the fault counters under `prefix` and checks them. */
export function printFaultOutcome(prefix: string, outcome: FaultOutcome, expectedHouses: number): void {
  printMustBeZero(`${prefix}.lost_files`, outcome.lost, 'files');
  printMustBeZero(`${prefix}.files_without_exactly_one_result`, outcome.notExactlyOne, 'files');
  printMustBeZero(`${prefix}.duplicate_posts`, outcome.duplicatePosts, 'posts');
  printFigure(`${prefix}.houses_accepted`, outcome.housesAccepted, 'houses');
  if (outcome.housesAccepted !== expectedHouses) failInvariant(`${prefix}: ${outcome.housesAccepted} of ${expectedHouses} houses have an MRN in the results`);
}
