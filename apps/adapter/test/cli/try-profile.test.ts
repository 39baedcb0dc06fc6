/**
 * The profile workbench's use case (issue #15, item 7): the dry run of `convert`/`validate` on a
 * sample in memory with a profile as typed, each problem located in the sample and in the profile.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_REFERENCE_DATE, examplePaths } from '@tollkit/manifest';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { validateManifest } from '../../src/commands/convert.js';
import { tryProfile } from '../../src/commands/try-profile.js';
import { WorkbenchSamples } from '../../src/console/lib/workbench-samples.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir('try-profile');
afterAll(() => temp.remove());

const AIR = examplePaths('air-express-awb');
const bytes = readFileSync(AIR.manifestPath);
const yamlText = readFileSync(AIR.profilePath, 'utf8');
const rebase = { from: EXAMPLE_REFERENCE_DATE, to: '2030-01-15' };
const now = () => Date.UTC(2030, 0, 1);
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('tryProfile', () => {
  it('gives the problems validate gives for the same file and profile, each with the profile line of its field', async () => {
    const typo = yamlText.replace('from: Description,', 'from: Descriptoin,');
    const tried = await tryProfile({ bytes, fileName: 'manifest.xml', profileText: typo, dateRebase: rebase, now });
    if (!tried.ok) throw new Error(JSON.stringify(tried.profileProblems));
    const profileFile = join(temp.path, 'typo.yaml');
    writeFileSync(profileFile, typo);
    const validated = await validateManifest({ file: AIR.manifestPath, profile: profileFile, dateRebase: rebase, now });
    expect(tried.problems.map(({ profileLine: _, ...p }) => p)).toEqual(validated.problems);
    const house = tried.problems.filter((p) => p.field === 'consignmentHouseLevel.goodsDescription');
    expect(house.map((p) => [p.line, p.documentNumber, p.profileLine])).toEqual([
      [20, 'HC001', lineOf(typo, 'consignmentHouseLevel.goodsDescription:')],
      [36, 'HC002', lineOf(typo, 'consignmentHouseLevel.goodsDescription:')],
    ]);
    expect(house[0]?.message).toContain('this record has no element Descriptoin (line 20, column Descriptoin)');
    expect(tried.warnings.map((w) => [w.code, w.profileLine])).toEqual([['XML_PATH_UNMATCHED', lineOf(typo, 'consignmentHouseLevel.goodsDescription:')]]);
    expect(tried.result.notifications.map((n) => n.level).sort()).toEqual(['house-consignment', 'house-consignment', 'master-consignment', 'transport']);
  });

  it('locates fields in a JSON profile too', async () => {
    const json = JSON.stringify(parseYaml(yamlText.replace('from: Description,', 'from: Descriptoin,')), null, 2);
    const tried = await tryProfile({ bytes, fileName: 'manifest.xml', profileText: json, dateRebase: rebase, now });
    if (!tried.ok) throw new Error(JSON.stringify(tried.profileProblems));
    expect(tried.problems[0]?.profileLine).toBe(lineOf(json, '"consignmentHouseLevel.goodsDescription"'));
  });

  it('reports a profile that does not load, or a param it does not take, as profile problems with their line', async () => {
    const invalid = await tryProfile({ bytes, fileName: 'manifest.xml', profileText: yamlText.replace('maxLength: 512', 'maxLenght: 512') });
    expect(invalid).toEqual({
      ok: false,
      profileProblems: [{ path: 'house.fields.consignmentHouseLevel.goodsDescription', message: 'Unrecognized key: "maxLenght"', profileLine: lineOf(yamlText, 'consignmentHouseLevel.goodsDescription:') }],
    });
    const syntax = await tryProfile({ bytes, fileName: 'manifest.xml', profileText: 'name: x\nmode: [air\n' });
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.profileProblems[0]?.message).toMatch(/not valid YAML/);
    const param = await tryProfile({ bytes, fileName: 'manifest.xml', profileText: yamlText, params: { carrierld: 'NO1' } });
    expect(param.ok).toBe(false);
    if (!param.ok) expect(param.profileProblems[0]?.message).toContain('carrierld');
  });
});

describe('WorkbenchSamples', () => {
  it('refuses a sample over the bound, drops the least recently used one first, and forgets unused ones', () => {
    let t = 0;
    const samples = new WorkbenchSamples(10, 2, 1_000, () => t);
    expect(samples.add('big.csv', 'upload', new Uint8Array(11))).toBeUndefined();
    const a = samples.add('a.csv', 'upload', new Uint8Array(10));
    const b = samples.add('b.csv', 'upload', new Uint8Array(1));
    expect(samples.get(a?.id as string)?.fileName).toBe('a.csv'); // a is now the most recently used
    const c = samples.add('c.csv', 'upload', new Uint8Array(1));
    expect(samples.get(b?.id as string)).toBeUndefined();
    expect(samples.get(a?.id as string)).toBeDefined();
    t = 2_000;
    expect(samples.get(c?.id as string)).toBeUndefined();
    expect(a?.id).toMatch(/^[\w-]{22}$/);
  });
});
