/**
 * faults/crash — the kill -9 loop: manifests are dropped into the inbox, the adapter is started and
 * killed with SIGKILL at random moments `--runs` times, then started once more and left to finish.
 * Prints runs, lost files, files without exactly one result and duplicate POSTs (all but runs must be 0).
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

// A small validation delay keeps notifications in flight when the kill lands.
const { pg, errors } = await startBenchPlayground({ validationDelayMs: 200 });
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
  let kills = 0;
  let finishedEarly = false;
  const start = performance.now();
  for (let run = 0; run < runs; run++) {
    const adapter = startAdapter(configPath);
    const wait = minMs + Math.floor(random() * (maxMs - minMs));
    const exitedEarly = await Promise.race([adapter.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), wait))]);
    if (exitedEarly) {
      failInvariant(`the adapter exited on its own in run ${run + 1}: ${JSON.stringify(await adapter.exited)}\n${adapter.tail()}`);
      break;
    }
    await adapter.kill9();
    kills++;
    if (run === Math.floor(runs / 2)) for (const f of set.files.slice(half)) await moveIntoInbox(f.path, channel.inbox, f.name);
  }
  if (kills < runs) finishedEarly = true;
  if (runs === 0) for (const f of set.files.slice(half)) await moveIntoInbox(f.path, channel.inbox, f.name);
  printFigure('crash.runs', kills, 'kills');
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
