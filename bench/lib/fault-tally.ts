/**
 * The counters every fault run prints: lost files, files without exactly one result, duplicate
 * POSTs, and whether every house ended with an MRN.
 */
import { readdir } from 'node:fs/promises';
import type { Playground } from '@tollkit/playground';
import { countResults, tally, type ChannelDirs } from './adapter.js';
import { acceptedHouses } from './adapter-run.js';
import { failInvariant, note, printFigure, printMustBeZero } from './figures.js';
import { duplicatePosts } from './playground.js';

/** Where each dropped file ended up. */
export interface FaultOutcome {
  /** Files that are nowhere any more (not in inbox, processing, archive or failed) and have no result. */
  readonly lost: number;
  /** Files with zero or several result files. */
  readonly notExactlyOne: number;
  readonly duplicatePosts: number;
  readonly duplicateHousePosts: number;
  /** The first duplicated notifications (`level type documentNumber ×count`). */
  readonly duplicateExamples: readonly string[];
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
  const dup = duplicatePosts(pg);
  return { lost, notExactlyOne: t.missing + t.extra, duplicatePosts: dup.duplicates, duplicateHousePosts: dup.houseDuplicates, duplicateExamples: dup.examples, housesAccepted: await acceptedHouses(channel.outbox) };
}

/** Prints the fault counters under `prefix` and checks them. */
export function printFaultOutcome(prefix: string, outcome: FaultOutcome, expectedHouses: number): void {
  printMustBeZero(`${prefix}.lost_files`, outcome.lost, 'files');
  printMustBeZero(`${prefix}.files_without_exactly_one_result`, outcome.notExactlyOne, 'files');
  printMustBeZero(`${prefix}.duplicate_house_posts`, outcome.duplicateHousePosts, 'posts');
  printFigure(`${prefix}.duplicate_posts`, outcome.duplicatePosts, 'posts');
  if (outcome.duplicateExamples.length > 0) note(`${prefix}: POSTed more than once: ${outcome.duplicateExamples.join('; ')}`);
  // Transports/masters re-sent after an unknown outcome are answered "already in use" (no second
  // notification); anything else duplicated is a failure.
  if (outcome.duplicatePosts > outcome.duplicateHousePosts) note(`${prefix}: ${outcome.duplicatePosts - outcome.duplicateHousePosts} transport/master POST(s) re-sent after an unknown outcome (the adapter's documented recovery; Customs answers "already in use")`);
  printFigure(`${prefix}.houses_accepted`, outcome.housesAccepted, 'houses');
  if (outcome.housesAccepted !== expectedHouses) failInvariant(`${prefix}: ${outcome.housesAccepted} of ${expectedHouses} houses have an MRN in the results`);
}
