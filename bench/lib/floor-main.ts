/**
 * Child-process entry of the floor measurement (so the floor client does not share the
 * playground's event loop, just like the adapter): `floor-main.ts <request.json>`; prints one JSON
 * line with the timings.
 */
import { readFile } from 'node:fs/promises';
import { postAndPollAll, prepareBodies, rawCsvParse } from './floor.js';
import { loadRoadProfile, type GeneratedManifest } from './road-manifest.js';

interface FloorJob {
  readonly url: string;
  readonly token: string;
  readonly concurrency: number;
  readonly files: readonly GeneratedManifest[];
}

const jobPath = process.argv[2];
if (jobPath === undefined) throw new TypeError('usage: floor-main.ts <job.json>');
const job = JSON.parse(await readFile(jobPath, 'utf8')) as FloorJob;
const csv = await rawCsvParse(job.files);
const levels = await prepareBodies(job.files, await loadRoadProfile());
const target = { url: job.url, token: job.token } as const;
const pairs = await postAndPollAll(target, levels, job.concurrency);
process.stdout.write(`${JSON.stringify({ csv, pairs })}\n`);
