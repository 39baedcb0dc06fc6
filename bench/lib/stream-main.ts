/**
 * Child-process entry of bench/memory's first part: `stream-main.ts <manifest.csv> <maxFileBytes>
 * <profile.yaml>` streams the file through `@tollkit/manifest`'s `parseManifest` (the profile with
 * its file-size limit raised) in a process that does nothing else — so its peak RSS is the
 * streaming's own, not the generator's — and prints one JSON line with the figures. bench/memory runs
 * it compiled to JavaScript under plain `node` (lib/compiled-entry.ts), as a consumer of the built
 * package runs it; `--tsx` runs this file through tsx instead.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadMappingProfile, parseManifest } from '@tollkit/manifest';
import { EventLoopDelay, ownPeakRssMiB } from './resources.js';

const [path, maxFileBytes, profilePath] = process.argv.slice(2);
if (path === undefined || maxFileBytes === undefined || profilePath === undefined) throw new TypeError('usage: stream-main.ts <manifest.csv> <maxFileBytes> <profile.yaml>');
const base = loadMappingProfile(await readFile(profilePath, 'utf8'), 'yaml');
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
