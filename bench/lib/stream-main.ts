/**
 * Child-process entry of bench/memory's first part: `stream-main.ts <manifest.csv> <maxFileBytes>`
 * streams the file through `@tollkit/manifest`'s `parseManifest` (the example road profile with its
 * file-size limit raised) in a process that does nothing else — so its peak RSS is the streaming's
 * own, not the generator's — and prints one JSON line with the figures.
 */
import { createReadStream } from 'node:fs';
import { parseManifest } from '@tollkit/manifest';
import { EventLoopDelay, ownPeakRssMiB } from './resources.js';
import { loadRoadProfile } from './road-manifest.js';

const [path, maxFileBytes] = process.argv.slice(2);
if (path === undefined || maxFileBytes === undefined) throw new TypeError('usage: stream-main.ts <manifest.csv> <maxFileBytes>');
const base = await loadRoadProfile();
const profile = { ...base, limits: { ...base.limits, maxFileBytes: Number(maxFileBytes) } };
const rssBefore = process.memoryUsage.rss() / 2 ** 20;
const loop = new EventLoopDelay(10);
const start = performance.now();
const parsed = parseManifest({ stream: createReadStream(path, { highWaterMark: 64 * 1024 }), fileName: 'big.csv' }, profile);
const counts = { transport: 0, 'master-consignment': 0, 'house-consignment': 0, notOk: 0 };
let lastTurn = performance.now();
for await (const record of parsed.records) {
  counts[record.level]++;
  if (!record.ok) counts.notOk++;
  // A consumer that shares its event loop lets it turn now and then (the adapter's plan stream
  // does so between store batches): records already read come without waiting for I/O.
  if (performance.now() - lastTurn > 10) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastTurn = performance.now();
  }
}
const report = await parsed.report;
const ms = performance.now() - start;
loop.stop();
const firstProblem = JSON.stringify(report.problems[0] ?? report.fatal ?? null);
process.stdout.write(
  `${JSON.stringify({ ms, rssBefore, peakRss: ownPeakRssMiB(), heapUsed: process.memoryUsage().heapUsed / 2 ** 20, maxLoopMs: loop.maxMs, p99LoopMs: loop.p99Ms, counts, ok: report.ok, errorCount: report.errorCount, firstProblem })}\n`,
);
