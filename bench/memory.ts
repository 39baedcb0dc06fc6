/**
 * bench/memory — a 1,000,000-row manifest:
 *   1. streamed through the manifest intake (`@tollkit/manifest` parseManifest over a file stream)
 *      in a process of its own (lib/stream-main.ts): its peak RSS and the largest event-loop delay.
 *      That process runs compiled JavaScript under plain `node`, as a team reusing the package runs
 *      it (lib/compiled-entry.ts); `--tsx` runs it through tsx instead, as the workspace does;
 *   2. checked by the adapter as the service would (`tollkit validate --profile … <file>`, its own
 *      process; the profile's file-size limit raised to fit): its peak RSS and time;
 *   3. dropped into the inbox of a running adapter service (`tollkit run`, its own process, against
 *      the playground): its peak RSS while it receives, parses, validates and stores every row and
 *      then sends for `--send-s` seconds, and the slowest answer of its `/healthz` meanwhile (an
 *      outside measure of the longest event-loop block).
 *
 *   pnpm exec tsx bench/memory.ts [--quick] [--rows 1000000] [--send-s 20] [--no-adapter] [--tsx]
 */
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { adapterEntry, TOLLKIT_BIN } from './lib/adapter.js';
import { readArgs } from './lib/args.js';
import { compileEntry } from './lib/compiled-entry.js';
import { runJs, runTs, spawnTs } from './lib/node-child.js';
import { failInvariant, finish, note, printFigure, printTarget } from './lib/figures.js';
import { ChildRssSampler } from './lib/resources.js';
import { runServiceOnBigManifest } from './lib/service-memory.js';
import { newRunId, roadProfilePath, writeBigRoadManifest } from './lib/road-manifest.js';
import { tempDir } from './lib/temp-dir.js';

const withAdapter = !process.argv.includes('--no-adapter');
const streamUnderTsx = process.argv.includes('--tsx');
const args = readArgs(['rows', 'houses-per-master', 'send-s', 'timeout-s'], process.argv.slice(2).filter((a) => a !== '--no-adapter' && a !== '--tsx'));
const rows = args.ints['rows'] ?? (args.quick ? 50_000 : 1_000_000);
const perMaster = args.ints['houses-per-master'] ?? 25;
const sendSeconds = args.ints['send-s'] ?? (args.quick ? 3 : 20);
const timeoutMs = (args.ints['timeout-s'] ?? 1800) * 1000;

const work = await tempDir('memory');
try {
  const path = join(work.dir, `big-${rows}.csv`);
  const bytes = await writeBigRoadManifest(path, rows, newRunId(), perMaster);
  printFigure('memory.rows', rows, 'rows');
  printFigure('memory.file_size', bytes / 2 ** 20, 'MiB');
  // The streaming runs in a process of its own, so that its peak RSS is not the generator's, and
  // (unless --tsx) as compiled JavaScript under plain node: what a consumer of the built package runs.
  const streamEntry = fileURLToPath(new URL('./lib/stream-main.ts', import.meta.url));
  const streamArgs = [path, String(bytes + 1), roadProfilePath()];
  const streamRun = streamUnderTsx ? await runTs(streamEntry, streamArgs) : await runJs(await compileEntry(streamEntry, join(work.dir, 'stream-main.mjs')), streamArgs);
  note(`streaming ran ${streamUnderTsx ? 'through tsx (TypeScript sources, as in the workspace)' : 'as compiled JavaScript under plain node (esbuild bundle of lib/stream-main.ts and the @tollkit packages; no tsx)'}`);
  if (streamRun.code !== 0) throw new Error(`the streaming process failed (exit ${String(streamRun.code)}):\n${streamRun.stderr.slice(-3000)}`);
  const stream = JSON.parse(streamRun.stdout.trim().split('\n').at(-1) ?? '{}') as {
    ms: number;
    rssBefore: number;
    peakRss: number;
    heapUsed: number;
    maxLoopMs: number;
    p99LoopMs: number;
    counts: { transport: number; 'master-consignment': number; 'house-consignment': number; notOk: number };
    ok: boolean;
    errorCount: number;
    firstProblem: string;
  };
  const seconds = stream.ms / 1000;
  const counts = stream.counts;
  printFigure('memory.parse_time', seconds, 's');
  printFigure('memory.rows_per_s', rows / seconds, 'rows/s');
  printFigure('memory.stream_runtime', streamUnderTsx ? 'tsx' : 'node-compiled', '');
  printFigure('memory.rss_before', stream.rssBefore, 'MiB');
  printFigure('memory.peak_rss', stream.peakRss, 'MiB');
  printFigure('memory.heap_used_at_end', stream.heapUsed, 'MiB');
  printFigure('memory.max_event_loop_delay', stream.maxLoopMs, 'ms');
  printFigure('memory.p99_event_loop_delay', stream.p99LoopMs, 'ms');
  printFigure('memory.houses', counts['house-consignment'], 'houses');
  printFigure('memory.masters', counts['master-consignment'], 'masters');
  printTarget('memory.peak_rss', stream.peakRss, '<=', 150, 'MiB');
  printTarget('memory.max_event_loop_delay', stream.maxLoopMs, '<=', 100, 'ms');
  if (counts['house-consignment'] !== rows) failInvariant(`mapped ${counts['house-consignment']} houses of ${rows} rows`);
  if (counts.notOk !== 0 || !stream.ok) failInvariant(`the big manifest did not map cleanly: ${stream.errorCount} errors, first: ${stream.firstProblem}`);

  if (withAdapter) {
    // The example profile with its file-size limit raised, as an operator would for such files.
    const profilePath = join(work.dir, 'profile.yaml');
    const yaml = parseYaml(await readFile(roadProfilePath(), 'utf8')) as Record<string, unknown>;
    await writeFile(profilePath, stringifyYaml({ ...yaml, limits: { ...(yaml['limits'] as object | undefined), maxFileBytes: bytes + 1 } }));
    await adapterEntry();
    note('tollkit validate and the service run through tsx, as the tollkit bin does (apps/adapter has no build)');
    const child = spawnTs(TOLLKIT_BIN, ['validate', '--profile', profilePath, path]);
    const rss = new ChildRssSampler(child.pid ?? 0, 20);
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-4000)));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-4000)));
    const t0 = performance.now();
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    const peak = rss.stop();
    printFigure('memory.adapter_validate_time', (performance.now() - t0) / 1000, 's');
    printFigure('memory.adapter_validate_peak_rss', peak, 'MiB');
    printTarget('memory.adapter_validate_peak_rss', peak, '<=', 200, 'MiB');
    if (code !== 0) failInvariant(`tollkit validate on the big manifest ended with ${signal ?? `exit ${String(code)}`}: ${out.slice(-1500)}`);

    const service = await runServiceOnBigManifest({ workDir: work.dir, manifestPath: path, profilePath, maxFileBytes: bytes + 1, sendSeconds, timeoutMs });
    printFigure('memory.service_plan_time', service.planSeconds, 's');
    printFigure('memory.service_rows_planned', service.planned, 'notifications');
    printFigure('memory.service_peak_rss', service.peakRssMiB, 'MiB');
    printFigure('memory.service_max_healthz', service.maxHealthzMs, 'ms');
    printFigure('memory.service_max_healthz_planning', service.maxHealthzPlanningMs, 'ms');
    printFigure('memory.service_max_healthz_sending', service.maxHealthzSendingMs, 'ms');
    printFigure('memory.service_healthz_probes', service.healthzProbes, 'probes');
    printTarget('memory.service_peak_rss', service.peakRssMiB, '<=', 256, 'MiB');
    printTarget('memory.service_max_healthz', service.maxHealthzMs, '<=', 100, 'ms');
    if (service.maxEventLoopDelayMs !== undefined) {
      printFigure('memory.service_max_event_loop_delay', service.maxEventLoopDelayMs, 'ms');
      printTarget('memory.service_max_event_loop_delay', service.maxEventLoopDelayMs, '<=', 100, 'ms');
    }
    if (service.planned < rows) failInvariant(`the service planned ${service.planned} notifications for ${rows} rows`);
  }
} catch (error) {
  failInvariant(`memory crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await work.cleanup();
}
finish();
