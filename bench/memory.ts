/**
 * bench/memory — a 1,000,000-row manifest streamed through the manifest intake
 * (`@tollkit/manifest` parseManifest over a file stream, as the adapter reads it): peak RSS and the
 * largest event-loop delay while it runs.
 *
 *   pnpm exec tsx bench/memory.ts [--quick] [--rows 1000000]
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '@tollkit/manifest';
import { readArgs } from './lib/args.js';
import { failInvariant, finish, printFigure } from './lib/figures.js';
import { EventLoopDelay, ownPeakRssMiB } from './lib/resources.js';
import { loadRoadProfile, newRunId, writeBigRoadManifest } from './lib/road-manifest.js';
import { tempDir } from './lib/temp-dir.js';

const args = readArgs(['rows', 'houses-per-master']);
const rows = args.ints['rows'] ?? (args.quick ? 100_000 : 1_000_000);
const perMaster = args.ints['houses-per-master'] ?? 25;

const work = await tempDir('memory');
try {
  const path = join(work.dir, `big-${rows}.csv`);
  const bytes = await writeBigRoadManifest(path, rows, newRunId(), perMaster);
  printFigure('memory.rows', rows, 'rows');
  printFigure('memory.file_size', bytes / 2 ** 20, 'MiB');
  const base = await loadRoadProfile();
  // The file is bigger than the example profile's default 100 MiB limit: an operator raises it.
  const profile = { ...base, limits: { ...base.limits, maxFileBytes: Math.max(base.limits.maxFileBytes, bytes + 1) } };
  const rssBefore = process.memoryUsage.rss() / 2 ** 20;
  const loop = new EventLoopDelay(10);
  const start = performance.now();
  const parsed = parseManifest({ stream: createReadStream(path, { highWaterMark: 64 * 1024 }), fileName: 'big.csv' }, profile);
  const counts = { transport: 0, 'master-consignment': 0, 'house-consignment': 0, notOk: 0 };
  for await (const record of parsed.records) {
    counts[record.level]++;
    if (!record.ok) counts.notOk++;
  }
  const report = await parsed.report;
  const seconds = (performance.now() - start) / 1000;
  loop.stop();
  printFigure('memory.parse_time', seconds, 's');
  printFigure('memory.rows_per_s', rows / seconds, 'rows/s');
  printFigure('memory.rss_before', rssBefore, 'MiB');
  printFigure('memory.peak_rss', ownPeakRssMiB(), 'MiB');
  printFigure('memory.max_event_loop_delay', loop.maxMs, 'ms');
  printFigure('memory.p99_event_loop_delay', loop.p99Ms, 'ms');
  printFigure('memory.houses', counts['house-consignment'], 'houses');
  printFigure('memory.masters', counts['master-consignment'], 'masters');
  if (counts['house-consignment'] !== rows) failInvariant(`mapped ${counts['house-consignment']} houses of ${rows} rows`);
  if (counts.notOk !== 0 || !report.ok) failInvariant(`the big manifest did not map cleanly: ${report.errorCount} errors, first: ${JSON.stringify(report.problems[0] ?? report.fatal)}`);
} catch (error) {
  failInvariant(`memory crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await work.cleanup();
}
finish();
