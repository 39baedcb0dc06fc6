import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { loadMappingProfile, parseManifest } from '@tollkit/manifest';
const [path, profilePath] = process.argv.slice(2);
const base = loadMappingProfile(await readFile(profilePath!, 'utf8'), 'yaml');
const profile = { ...base, limits: { ...base.limits, maxFileBytes: 1e10 } };
const gc = (globalThis as { gc?: () => void }).gc!;
const parsed = parseManifest({ stream: createReadStream(path!, { highWaterMark: 64 * 1024 }), fileName: 'big.csv' }, profile);
let houses = 0, masters = 0, atLastHouse = 0, keep: unknown;
for await (const r of parsed.records) {
  if (r.level === 'house-consignment') houses++;
  else {
    if (masters === 0) { keep = r; gc(); gc(); atLastHouse = process.memoryUsage().heapUsed; }
    masters++;
  }
}
gc(); gc();
const end = process.memoryUsage().heapUsed;
console.log(JSON.stringify({ houses, masters, heapAtLastHouseMiB: atLastHouse / 2 ** 20, heapAtEndMiB: end / 2 ** 20, perMasterBytes: (atLastHouse - end) / masters, keep: keep === undefined }));
