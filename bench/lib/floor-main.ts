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
// CPU of this process (user + system) over the floor's timed work only: csv-parse and the request
// pairs, not the mapping and body building between them (that is the adapter's own work).
const cpu0 = process.cpuUsage();
const csv = await rawCsvParse(job.files);
const csvCpu = process.cpuUsage(cpu0);
const levels = await prepareBodies(job.files, await loadRoadProfile());
const target = { url: job.url, token: job.token } as const;
const cpu1 = process.cpuUsage();
const pairs = await postAndPollAll(target, levels, job.concurrency);
const pairsCpu = process.cpuUsage(cpu1);
const cpuMs = (csvCpu.user + csvCpu.system + pairsCpu.user + pairsCpu.system) / 1000;
process.stdout.write(`${JSON.stringify({ csv, pairs, cpuMs })}\n`);
