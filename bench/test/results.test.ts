import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { countResults, tally } from '../lib/adapter.js';
import { acceptedHouses } from '../lib/adapter-run.js';
import { tempDir } from '../lib/temp-dir.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('result files in the outbox', () => {
  it('counts result and error files per dropped name (longest name wins), ignoring temporaries', async () => {
    const { dir, cleanup } = await tempDir('test-results');
    cleanups.push(cleanup);
    const outbox = join(dir, 'outbox');
    await mkdir(outbox);
    for (const f of ['a.csv.result-0123abcd.json', 'a.csv.csv.result-89abcdef.json', 'b.csv.error-00000000.txt', 'b.csv.result-11111111.json', '.a.csv.result-22222222.json.1234.tmp', 'routing-1.json']) {
      await writeFile(join(outbox, f), '{}');
    }
    const counts = await countResults(outbox, ['a.csv', 'a.csv.csv', 'b.csv', 'c.csv']);
    expect(Object.fromEntries(counts)).toEqual({ 'a.csv': 1, 'a.csv.csv': 1, 'b.csv': 2, 'c.csv': 0 });
    expect(tally(counts)).toEqual({ missing: 1, extra: 1, exactlyOne: 2 });
  });

  it('attributes a refusal report (sanitised name) to the refused file by the name it quotes', async () => {
    const { dir, cleanup } = await tempDir('test-refused');
    cleanups.push(cleanup);
    const original = 'bell\u0007ring.csv';
    const report = [`Manifest: ${JSON.stringify(original)}`, 'Channel: abuse-csv', 'Result: FAILED (INTAKE_UNSAFE_NAME) — nothing from this file was sent to Customs.', ''].join('\n');
    await writeFile(join(dir, 'bell_ring.csv.error-089c7d02.txt'), report);
    // Not a refusal report: ignored even though it quotes a dropped name.
    await writeFile(join(dir, 'other.csv.error-11111111.txt'), `Manifest: ${JSON.stringify('c.csv')}\nResult: FAILED (MANIFEST_UNREADABLE)\n`);
    const refused = new Set<string>();
    const counts = await countResults(dir, [original, 'c.csv'], refused);
    expect(Object.fromEntries(counts)).toEqual({ [original]: 1, 'c.csv': 0 });
    expect([...refused]).toEqual([original]);
  });

  it('counts houses with an MRN in JSON results', async () => {
    const { dir, cleanup } = await tempDir('test-accepted');
    cleanups.push(cleanup);
    const lines = [
      { kind: 'notification', level: 'house-consignment', status: 'accepted', mrn: '30NO1234567890ABCD' },
      { kind: 'notification', level: 'house-consignment', status: 'routed', mrn: '30NO1234567890ABCE' },
      { kind: 'notification', level: 'house-consignment', status: 'rejected', mrn: null },
      { kind: 'notification', level: 'master-consignment', status: 'accepted', mrn: '30NO1234567890ABCF' },
      { kind: 'file-problem', level: null, status: 'not-read', mrn: null },
    ];
    await writeFile(join(dir, 'x.csv.result-0123abcd.json'), JSON.stringify({ file: 'x.csv', lines }));
    await writeFile(join(dir, 'x.csv.error-0123abcd.txt'), 'not json');
    expect(await acceptedHouses(dir)).toBe(2);
  });
});
