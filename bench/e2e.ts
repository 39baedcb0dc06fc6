/**
 * bench/e2e — N house consignments in CSV manifests dropped into a local inbox until every result
 * file is written (the real adapter, `tollkit run`, against the playground with no added latency),
 * compared with the floor: raw csv-parse of the same files plus raw undici POST + validation-status
 * GET pairs against the same playground (same build and settings; a fresh instance per phase).
 *
 *   pnpm exec tsx bench/e2e.ts [--quick] [--n 100000] [--concurrency 16] [--houses-per-file 500] [--no-adapter]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readArgs } from './lib/args.js';
import { failInvariant, finish, note, printFigure, printMustBeZero, printTarget } from './lib/figures.js';
import { runTs } from './lib/node-child.js';
import { demoToken, startBenchPlayground } from './lib/playground.js';
import { generateRoadManifests, newRunId } from './lib/road-manifest.js';
import { runAdapterOnSet } from './lib/adapter-run.js';
import { tempDir } from './lib/temp-dir.js';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';

const args = readArgs(['n', 'concurrency', 'houses-per-file', 'timeout-s'], process.argv.slice(2).filter((a) => a !== '--no-adapter'));
const withAdapter = !process.argv.includes('--no-adapter');
const n = args.ints['n'] ?? (args.quick ? 500 : 100_000);
const concurrency = args.ints['concurrency'] ?? 16;
const housesPerFile = args.ints['houses-per-file'] ?? (args.quick ? 50 : 500);
const timeoutMs = (args.ints['timeout-s'] ?? (args.quick ? 240 : 6 * 3600)) * 1000;

// A fresh playground (same build, same settings) for each phase: the simulator's cost per request
// grows with the notifications it already holds, so sharing one instance would slow the second phase.
let { pg, errors } = await startBenchPlayground();
const work = await tempDir('e2e');
const requestsServed = () => Object.values(pg.counters.snapshot().requests).reduce((a, b) => a + b, 0);
try {
  printFigure('e2e.houses', n, 'houses');
  printFigure('e2e.concurrency', concurrency, 'requests');

  // The floor, in a child process like the adapter (the playground keeps this process's event loop).
  const floorDir = join(work.dir, 'floor');
  await mkdir(floorDir);
  const floorSet = await generateRoadManifests({ dir: floorDir, houses: n, housesPerFile, runId: newRunId() });
  printFigure('e2e.files', floorSet.files.length, 'files');
  printFigure('e2e.notifications', floorSet.houses + floorSet.masters + floorSet.transports, 'notifications');
  const jobPath = join(work.dir, 'floor-job.json');
  await writeFile(jobPath, JSON.stringify({ url: pg.url, token: await demoToken(pg), concurrency, files: floorSet.files }));
  const cpu0 = process.cpuUsage();
  const floorRun = await runTs(fileURLToPath(new URL('./lib/floor-main.ts', import.meta.url)), [jobPath]);
  const floorCpu = process.cpuUsage(cpu0);
  if (floorRun.code !== 0) throw new Error(`floor run failed (exit ${String(floorRun.code)}):\n${floorRun.stderr.slice(-3000)}`);
  const floor = JSON.parse(floorRun.stdout.trim().split('\n').at(-1) ?? '{}') as {
    csv: { rows: number; ms: number };
    pairs: { pairs: number; ms: number; success: number; failure: number; networkRetries: number; failures: string[] };
    cpuMs: number;
  };
  const floorMs = floor.csv.ms + floor.pairs.ms;
  const floorRate = (n / floorMs) * 1000;
  printFigure('e2e.floor.csv_parse', floor.csv.ms, 'ms');
  printFigure('e2e.floor.post_status_pairs', floor.pairs.pairs, 'pairs');
  printFigure('e2e.floor.pairs_time', floor.pairs.ms / 1000, 's');
  printFigure('e2e.floor.houses_per_s', floorRate, 'houses/s');
  const floorRequests = requestsServed();
  const floorPlaygroundMs = (floorCpu.user + floorCpu.system) / 1000;
  const floorCpuPerHouse = floor.cpuMs / n;
  printFigure('e2e.floor.playground_cpu', floorPlaygroundMs / 1000, 's');
  // The system part is mostly the kernel's loopback TCP work of sending the answers.
  printFigure('e2e.floor.playground_cpu_system', floorCpu.system / 1e6, 's');
  printFigure('e2e.floor.requests', floorRequests, 'requests');
  // Issue #18: the simulator must cost little per request, so that the floor measures the network path.
  printFigure('e2e.floor.playground_cpu_ms_per_request', floorPlaygroundMs / floorRequests, 'ms');
  printFigure('e2e.floor_cpu_ms_per_house', floorCpuPerHouse, 'ms');
  printTarget('e2e.floor.playground_cpu_ms_per_request', floorPlaygroundMs / floorRequests, '<=', 0.15, 'ms');
  printMustBeZero('e2e.floor.validation_failures', floor.pairs.failure, 'notifications');
  if (floor.pairs.failures.length > 0) note(`floor FAILURE examples: ${floor.pairs.failures.join(' | ')}`);

  if (withAdapter) {
    const floorErrors = errors;
    await pg.close();
    ({ pg, errors } = await startBenchPlayground());
    errors.push(...floorErrors);
    const set = await generateRoadManifests({ dir: await mkdirp(join(work.dir, 'staging')), houses: n, housesPerFile, runId: newRunId() });
    const cpu1 = process.cpuUsage();
    const run = await runAdapterOnSet({ pg, set, workDir: join(work.dir, 'adapter'), timeoutMs, requestsInFlight: concurrency });
    const adapterCpu = process.cpuUsage(cpu1);
    const rate = (n / run.ms) * 1000;
    printFigure('e2e.adapter.time', run.ms / 1000, 's');
    printFigure('e2e.adapter.houses_per_s', rate, 'houses/s');
    printFigure('e2e.adapter.houses_accepted', run.housesAccepted, 'houses');
    printFigure('e2e.adapter.peak_rss', run.peakRssMiB, 'MiB');
    const adapterRequests = requestsServed();
    const adapterPlaygroundMs = (adapterCpu.user + adapterCpu.system) / 1000;
    const adapterCpuPerHouse = run.cpuMs / n;
    printFigure('e2e.adapter.playground_cpu', adapterPlaygroundMs / 1000, 's');
    printFigure('e2e.adapter.playground_cpu_system', adapterCpu.system / 1e6, 's');
    printFigure('e2e.adapter.requests', adapterRequests, 'requests');
    printFigure('e2e.playground_cpu_ms_per_request', adapterPlaygroundMs / adapterRequests, 'ms');
    // CPU (user + system) of the adapter's process from the first file to the last result, per house, next to the floor's.
    printFigure('e2e.adapter_cpu_ms_per_house', adapterCpuPerHouse, 'ms');
    printFigure('e2e.adapter_to_floor_cpu_per_house', adapterCpuPerHouse / floorCpuPerHouse, 'x');
    printFigure('e2e.ratio_adapter_to_floor', rate / floorRate, 'x');
    printTarget('e2e.adapter_to_floor_cpu_per_house', adapterCpuPerHouse / floorCpuPerHouse, '<=', 2, 'x');
    printTarget('e2e.ratio_adapter_to_floor', rate / floorRate, '>=', 0.7, 'x');
    printTarget('e2e.playground_cpu_ms_per_request', adapterPlaygroundMs / adapterRequests, '<=', 0.15, 'ms');
    printMustBeZero('e2e.adapter.files_without_exactly_one_result', run.tally.missing + run.tally.extra, 'files');
    printMustBeZero('e2e.adapter.duplicate_posts', run.duplicatePosts, 'posts');
    if (run.housesAccepted !== n) failInvariant(`adapter accepted ${run.housesAccepted} of ${n} houses`);
  }
  if (errors.length > 0) failInvariant(`the playground logged errors: ${errors.join(' | ').slice(0, 2000)}`);
} catch (error) {
  failInvariant(`e2e crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await pg.close();
  await work.cleanup();
}
finish();

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
