/**
 * faults/crash — the kill -9 loop: manifests are dropped into the inbox, the adapter is started and
 * killed with SIGKILL `--runs` times, then started once more and left to finish. Every third kill
 * comes at a random moment `--min-ms`…`--max-ms` after start; the others the moment the playground
 * receives a house POST past a mark spread evenly over the run (or at a random moment, when every
 * house in the inbox has been handled already), so kills land through the whole run
 * (not only while it is young) and with house POSTs in flight: the playground holds each house POST
 * 40 ms before handling it. Prints runs, kills that found house POSTs in flight, lost files, files
 * without exactly one result and duplicate POSTs (all but the first two must be 0).
 *
 *   pnpm exec tsx bench/faults/crash.ts [--quick] [--runs 20] [--n 2000] [--houses-per-file 100]
 *                                       [--min-ms 1500] [--max-ms 6000] [--seed 1] [--lease-ms 5000]
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { adapterEntry, makeChannelDirs, moveIntoInbox, startAdapter, waitForResults, writeAdapterConfig } from '../lib/adapter.js';
import { readArgs } from '../lib/args.js';
import { faultOutcome, printFaultOutcome } from '../lib/fault-tally.js';
import { failInvariant, finish, note, printFigure } from '../lib/figures.js';
import { createRandom } from '../lib/hostile-inputs.js';
import { startBenchPlayground } from '../lib/playground.js';
import { generateRoadManifests, newRunId, roadProfilePath } from '../lib/road-manifest.js';
import { tempDir } from '../lib/temp-dir.js';

const args = readArgs(['runs', 'n', 'houses-per-file', 'min-ms', 'max-ms', 'seed', 'timeout-s', 'lease-ms']);
const runs = args.ints['runs'] ?? (args.quick ? 5 : 20);
const n = args.ints['n'] ?? (args.quick ? 300 : 2_000);
const housesPerFile = args.ints['houses-per-file'] ?? (args.quick ? 30 : 100);
const minMs = args.ints['min-ms'] ?? 1_500;
const maxMs = Math.max(minMs, args.ints['max-ms'] ?? (args.quick ? 4_000 : 6_000));
const random = createRandom(args.ints['seed'] ?? 1);
// Short leases (the config minimum is 5 s): a killed instance's manifests are taken over sooner.
const leaseMs = args.ints['lease-ms'] ?? 5_000;
const timeoutMs = (args.ints['timeout-s'] ?? (args.quick ? 120 : 1800)) * 1000;

// A small validation delay keeps notifications in flight when the kill lands; house POSTs are held
// 40 ms before they are handled, so a kill on a POST's arrival lands mid-request.
const HOUSE_PATH = '/api/movement/road/v2/house-consignment';
const { pg, errors } = await startBenchPlayground({ validationDelayMs: 200, faults: { latencyMs: 40, pathPrefix: HOUSE_PATH } });
const arrived = () => pg.counters.requestsTo(`POST ${HOUSE_PATH}`);
const houseCounts = () => pg.counters.snapshot().posts.filter((p) => p.level === 'house-consignment');
/** House POSTs the playground handled, and distinct houses among them. */
const handled = () => houseCounts().reduce((sum, p) => sum + p.count, 0);
const housesHandled = () => houseCounts().length;
await adapterEntry();
const work = await tempDir('crash');
try {
  const staging = join(work.dir, 'staging');
  await mkdir(staging);
  const set = await generateRoadManifests({ dir: staging, houses: n, housesPerFile, runId: newRunId() });
  const channel = await makeChannelDirs(join(work.dir, 'channel'));
  // synchronous: full — what production runs, and what "nothing lost after kill -9" relies on.
  const configPath = await writeAdapterConfig({ dir: join(work.dir, 'adapter'), pg, channel, profile: roadProfilePath(), synchronous: 'full', leaseMs, channelExtra: { resultFormat: 'json' } });
  const names = set.files.map((f) => f.name);
  printFigure('crash.houses', n, 'houses');
  printFigure('crash.files', names.length, 'files');
  printFigure('crash.lease', leaseMs, 'ms');
  // Half the files are there before the first start, the rest arrive while the adapter is being killed.
  const half = Math.ceil(set.files.length / 2);
  for (const f of set.files.slice(0, half)) await moveIntoInbox(f.path, channel.inbox, f.name);
  // Kill marks spread evenly over the house POSTs the inbox can give at the time: the first half's
  // houses until the rest arrive (after run `halfRun`), then the rest.
  const halfRun = Math.floor(runs / 2);
  const firstHouses = set.files.slice(0, half).reduce((sum, f) => sum + f.houses, 0);
  const postMark = (run: number) =>
    run <= halfRun ? Math.floor(((run + 1) * firstHouses) / (halfRun + 2)) : firstHouses + Math.floor(((run - halfRun) * (n - firstHouses)) / (runs - halfRun));
  let kills = 0;
  let killsMidPost = 0;
  let inFlightAtKills = 0;
  // House POSTs whose adapter was killed before the playground handled them (they never will be).
  let abandoned = 0;
  let finishedEarly = false;
  const start = performance.now();
  for (let run = 0; run < runs; run++) {
    const adapter = startAdapter(configPath);
    const runStart = performance.now();
    const exited = adapter.exited.then(() => 'exited' as const);
    let outcome: 'exited' | 'due';
    let how: string;
    // Every third kill at a random moment; the others on a house POST's arrival — unless every house
    // the inbox holds has been handled already (nothing left to interrupt): then at a random moment too.
    const available = run <= halfRun ? firstHouses : n;
    if (run % 3 === 2 || housesHandled() >= available) {
      how = 'at a random moment';
      const wait = minMs + Math.floor(random() * (maxMs - minMs));
      outcome = await Promise.race([exited, new Promise<'due'>((r) => setTimeout(() => r('due'), wait))]);
    } else {
      // Not reached within a minute: kill anyway (the figures show how many kills found POSTs in flight).
      const mark = Math.max(arrived() + 1, postMark(run));
      how = `on house POST ${mark}`;
      outcome = await Promise.race([exited, untilArrived(mark, 60_000).then(() => 'due' as const)]);
    }
    if (outcome === 'exited') {
      failInvariant(`the adapter exited on its own in run ${run + 1}: ${JSON.stringify(await adapter.exited)}\n${adapter.tail()}`);
      break;
    }
    const inFlight = arrived() - handled() - abandoned;
    await adapter.kill9();
    kills++;
    inFlightAtKills += inFlight;
    if (inFlight > 0) killsMidPost++;
    note(`kill ${kills} ${how}, ${((performance.now() - runStart) / 1000).toFixed(1)} s after start: ${inFlight} house POSTs in flight, ${handled()} handled`);
    // Past the 40 ms hold, each request of the killed adapter has been handled or abandoned.
    await new Promise((r) => setTimeout(r, 200));
    abandoned = arrived() - handled();
    if (run === halfRun) for (const f of set.files.slice(half)) await moveIntoInbox(f.path, channel.inbox, f.name);
  }
  if (kills < runs) finishedEarly = true;
  if (runs === 0) for (const f of set.files.slice(half)) await moveIntoInbox(f.path, channel.inbox, f.name);
  printFigure('crash.runs', kills, 'kills');
  printFigure('crash.kills_mid_post', killsMidPost, 'kills');
  printFigure('crash.house_posts_in_flight_at_kills', inFlightAtKills, 'requests');
  // The loop is meant to kill mid-request; a run whose kills all missed proves less than it claims.
  if (runs >= 2 && killsMidPost === 0) failInvariant('no kill found a house POST in flight');
  if (!finishedEarly) {
    const last = startAdapter(configPath);
    const finalStart = performance.now();
    const waited = await waitForResults(channel.outbox, names, { timeoutMs, adapter: last });
    printFigure('crash.final_run_time', (performance.now() - finalStart) / 1000, 's');
    if (process.env['BENCH_DEBUG'] === '1') note(`final run output:\n${last.tail()}`);
    if (waited.timedOut || waited.adapterExited) note(`final run did not finish cleanly (timedOut=${waited.timedOut}); adapter output:\n${last.tail()}`);
    await new Promise((r) => setTimeout(r, 1_000));
    await last.stop();
  }
  printFigure('crash.total_time', (performance.now() - start) / 1000, 's');
  printFaultOutcome('crash', await faultOutcome(pg, channel, names), n);
  if (errors.length > 0) failInvariant(`the playground logged errors: ${errors.join(' | ').slice(0, 2000)}`);
} catch (error) {
  failInvariant(`faults/crash crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await pg.close();
  await work.cleanup();
}
finish();

/** Resolves true once `arrived()` reaches `mark`, false after `ms`; checked every 2 ms. */
async function untilArrived(mark: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (arrived() < mark) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 2));
  }
  return true;
}
