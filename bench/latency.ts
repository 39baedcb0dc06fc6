/**
 * bench/latency — the adapter against a playground with 40 ms latency on every request and a
 * 1.5 s validation delay, 10,000 houses: total time, and the ideal pipelined time for the
 * concurrency used (every notification needs a POST and, 1.5 s later, a validation-status GET;
 * with C requests in flight the best possible is ceil(2·notifications / C) · 40 ms + 1.5 s).
 *
 *   pnpm exec tsx bench/latency.ts [--quick] [--n 10000] [--concurrency 16] [--latency-ms 40] [--validation-ms 1500]
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runAdapterOnSet } from './lib/adapter-run.js';
import { readArgs } from './lib/args.js';
import { failInvariant, finish, note, printFigure, printMustBeZero, printTarget } from './lib/figures.js';
import { startBenchPlayground, trackInFlight } from './lib/playground.js';
import { generateRoadManifests, newRunId } from './lib/road-manifest.js';
import { tempDir } from './lib/temp-dir.js';

const args = readArgs(['n', 'concurrency', 'houses-per-file', 'latency-ms', 'validation-ms', 'timeout-s']);
const n = args.ints['n'] ?? (args.quick ? 300 : 10_000);
// The adapter's default `service.requestsInFlight` (its workers share these slots); passed to the adapter.
const concurrency = args.ints['concurrency'] ?? 16;
const housesPerFile = args.ints['houses-per-file'] ?? (args.quick ? 100 : 500);
const latencyMs = args.ints['latency-ms'] ?? 40;
const validationMs = args.ints['validation-ms'] ?? 1_500;
const timeoutMs = (args.ints['timeout-s'] ?? (args.quick ? 180 : 4 * 3600)) * 1000;

const { pg, errors } = await startBenchPlayground({ validationDelayMs: validationMs, faults: { latencyMs } });
const work = await tempDir('latency');
try {
  const staging = join(work.dir, 'staging');
  await mkdir(staging);
  const set = await generateRoadManifests({ dir: staging, houses: n, housesPerFile, runId: newRunId() });
  const notifications = set.houses + set.masters + set.transports;
  printFigure('latency.houses', n, 'houses');
  printFigure('latency.notifications', notifications, 'notifications');
  printFigure('latency.request_latency', latencyMs, 'ms');
  printFigure('latency.validation_delay', validationMs, 'ms');
  printFigure('latency.concurrency', concurrency, 'requests');
  const ideal = Math.ceil((2 * notifications) / concurrency) * latencyMs + validationMs;
  printFigure('latency.ideal_pipelined_time', ideal / 1000, 's');
  const inFlight = trackInFlight(1_000);
  const run = await runAdapterOnSet({ pg, set, workDir: join(work.dir, 'adapter'), timeoutMs, requestsInFlight: concurrency });
  inFlight.stop();
  printFigure('latency.total_time', run.ms / 1000, 's');
  printFigure('latency.ratio_total_to_ideal', run.ms / ideal, 'x');
  printTarget('latency.ratio_total_to_ideal', run.ms / ideal, '<=', 1.1, 'x');
  // The ideal assumes `concurrency` requests in flight: the adapter must never have had more.
  printFigure('latency.max_in_flight', inFlight.max, 'requests');
  if (inFlight.max > concurrency) failInvariant(`the adapter had ${inFlight.max} requests in flight at once; the ideal assumes at most ${concurrency}`);
  // Fixed costs outside the pipelined part: the first file planned before its first request; the
  // last result file written (and seen by this script's 100 ms poll) after the last answer.
  printFigure('latency.time_to_first_request', ((inFlight.firstAt ?? run.startedAt) - run.startedAt) / 1000, 's');
  printFigure('latency.time_after_last_answer', (run.startedAt + run.ms - (inFlight.lastAt ?? run.startedAt)) / 1000, 's');
  const histogram = inFlight.histogram();
  const busyMs = histogram.reduce((sum, ms) => sum + ms, 0);
  const mean = histogram.reduce((sum, ms, k) => sum + k * ms, 0) / Math.max(1, busyMs);
  printFigure('latency.mean_in_flight', mean, 'requests');
  note(`time at each count of requests in flight (k: s): ${histogram.map((ms, k) => `${k}: ${(ms / 1000).toFixed(1)}`).join(', ')}`);
  note(`mean requests in flight per second: ${inFlight.timeline().map((v) => v.toFixed(1)).join(' ')}`);
  printFigure('latency.houses_per_s', (n / run.ms) * 1000, 'houses/s');
  printFigure('latency.adapter_peak_rss', run.peakRssMiB, 'MiB');
  printFigure('latency.adapter_cpu_ms_per_house', run.cpuMs / n, 'ms');
  printMustBeZero('latency.files_without_exactly_one_result', run.tally.missing + run.tally.extra, 'files');
  printMustBeZero('latency.duplicate_posts', run.duplicatePosts, 'posts');
  if (run.housesAccepted !== n) failInvariant(`adapter accepted ${run.housesAccepted} of ${n} houses`);
  if (errors.length > 0) failInvariant(`the playground logged errors: ${errors.join(' | ').slice(0, 2000)}`);
} catch (error) {
  failInvariant(`latency crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await pg.close();
  await work.cleanup();
}
finish();
