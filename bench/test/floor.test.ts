import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Playground } from '@tollkit/playground';
import { postAndPollAll, prepareBodies, rawCsvParse } from '../lib/floor.js';
import { demoToken, duplicatePosts, startBenchPlayground } from '../lib/playground.js';
import { generateRoadManifests, loadRoadProfile, newRunId } from '../lib/road-manifest.js';
import { tempDir } from '../lib/temp-dir.js';

let pg: Playground;
let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  ({ pg } = await startBenchPlayground());
  work = await tempDir('test-floor');
});
afterAll(async () => {
  await pg.close();
  await work.cleanup();
});

describe('the floor (raw csv-parse + POST/validation-status pairs)', () => {
  it('reads every row and gets SUCCESS with one POST per notification from the playground', async () => {
    const set = await generateRoadManifests({ dir: work.dir, houses: 45, housesPerFile: 20, housesPerMaster: 10, runId: newRunId() });
    const csv = await rawCsvParse(set.files);
    expect(csv.rows).toBe(45);
    const levels = await prepareBodies(set.files, await loadRoadProfile());
    expect(levels.map((l) => l.length)).toEqual([3, 2 + 2 + 1, 45]);
    const result = await postAndPollAll({ url: pg.url, token: await demoToken(pg) }, levels, 4);
    expect(result).toMatchObject({ pairs: 53, success: 53, failure: 0, networkRetries: 0 });
    expect(duplicatePosts(pg)).toEqual({ duplicates: 0, houseDuplicates: 0, notifications: 53, examples: [] });
  });
});
