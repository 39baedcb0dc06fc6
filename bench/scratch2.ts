import { startBenchPlayground, demoToken, ROAD_SUBMIT, ROAD_QUERY } from './lib/playground.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRoadManifests, loadRoadProfile, newRunId } from './lib/road-manifest.js';
import { prepareBodies } from './lib/floor.js';
import { request } from 'undici';
const dir = await mkdtemp(join(tmpdir(), 'bench-'));
const set = await generateRoadManifests({ dir, houses: 30, runId: newRunId() });
const levels = await prepareBodies(set.files, await loadRoadProfile());
const { pg, errors } = await startBenchPlayground();
const token = await demoToken(pg);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
for (const reqs of levels) for (const r of reqs) {
  const t = performance.now();
  const p = await request(`${pg.url}${ROAD_SUBMIT}/${r.level}`, { method: 'POST', headers, body: r.body });
  const a = await p.body.json() as any;
  const g = await request(`${pg.url}${ROAD_QUERY}/${r.level}/validation-status/${a.requestId}`, { headers });
  const b = await g.body.json() as any;
  console.log(r.level, p.statusCode, g.statusCode, b.status, (performance.now() - t).toFixed(1));
}
console.log(errors);
await pg.close();
