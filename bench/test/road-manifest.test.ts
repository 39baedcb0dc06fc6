import { readFile } from 'node:fs/promises';
import { collectManifest } from '@tollkit/manifest';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRoadManifests, loadRoadProfile, newRunId, osloDateTime, writeBigRoadManifest } from '../lib/road-manifest.js';
import { tempDir } from '../lib/temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('generated road manifests', () => {
  it('map cleanly with the road-forwarder-export example profile: one transport per file, masters of 25, every house once', async () => {
    const { dir, cleanup } = await tempDir('test-gen');
    cleanups.push(cleanup);
    const set = await generateRoadManifests({ dir, houses: 130, housesPerFile: 60, housesPerMaster: 25, runId: newRunId() });
    expect(set.files.map((f) => f.houses)).toEqual([60, 60, 10]);
    expect(set.masters).toBe(3 + 3 + 1);
    const profile = await loadRoadProfile();
    const houses = new Set<string>();
    for (const f of set.files) {
      const bytes = await readFile(f.path);
      expect(bytes.byteLength).toBe(f.bytes);
      const { records, report } = await collectManifest({ bytes, fileName: f.name }, profile);
      expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.records).toMatchObject({ transport: 1, 'master-consignment': f.masters, 'house-consignment': f.houses, notOk: 0 });
      for (const r of records) if (r.level === 'house-consignment') houses.add(r.key);
    }
    expect(houses.size).toBe(130);
  });

  it('streams a big manifest with the same rows as the small generator', async () => {
    const { dir, cleanup } = await tempDir('test-big');
    cleanups.push(cleanup);
    const path = `${dir}/big.csv`;
    const bytes = await writeBigRoadManifest(path, 12_345, 'BIGTEST');
    const content = await readFile(path);
    expect(content.byteLength).toBe(bytes);
    const { report } = await collectManifest({ bytes: content, fileName: 'big.csv' }, await loadRoadProfile());
    expect(report.ok).toBe(true);
    expect(report.rowsRead).toBe(12_345);
    expect(report.records['house-consignment']).toBe(12_345);
  });

  it('writes arrival times as Oslo wall-clock time (summer and winter offsets)', () => {
    expect(osloDateTime(new Date('2030-01-15T13:30:00Z'))).toBe('15.01.2030 14:30');
    expect(osloDateTime(new Date('2030-07-15T13:30:00Z'))).toBe('15.07.2030 15:30');
  });
});
