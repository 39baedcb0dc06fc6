/**
 * `tollkit profile init <sample> --out <profile.yaml>` (issue 15, build item 6): writes the draft
 * profile inferred from the sample, never overwrites without --force, then validates the sample
 * with the draft and prints the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths, loadMappingProfile } from '@tollkit/manifest';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { initProfile } from '../../src/commands/profile-init.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir('profile-init');
afterAll(() => temp.remove());

async function tollkit(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, cwd: temp.path, signal: new AbortController().signal });
  return { code, out, err };
}

describe('profile init', () => {
  it('writes a draft that loads, and validates the sample with it', async () => {
    const road = examplePaths('road-forwarder-export');
    const out = join(temp.path, 'road.yaml');
    const result = await initProfile({ sample: road.manifestPath, out, now: () => Date.UTC(2030, 0, 1) });
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(result.inferred.yaml);
    const profile = loadMappingProfile(text, 'yaml');
    expect(profile.encoding).toBe('windows-1252');
    expect(profile.csv.delimiter).toBe(';');
    expect(text).toContain('# MANDATORY, not mapped: consignmentMasterLevel.consignor.name');
    // the sample is validated with the draft: the houses are found; the procedure names need a translation table
    expect(result.validation.summary.notifications).toBe(8);
    expect(result.validation.problems.some((p) => p.message.includes('"Fortolling" is not a code of ImportProcedure'))).toBe(true);
    await expect(initProfile({ sample: road.manifestPath, out })).rejects.toThrow('exists; pass --force to overwrite it');
  });

  it('runs from the command line and prints how the file was read, what is missing and the validation', async () => {
    const voec = examplePaths('voec-webshop');
    const r = await tollkit(['profile', 'init', voec.manifestPath, '--out', 'voec.yaml']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^wrote .*voec\.yaml: \d+ fields mapped from the file/u);
    expect(r.out).toContain('read as utf-16le, delimiter "\\t", header on line 1');
    expect(r.out).toContain('not mapped (house): consignmentHouseLevel.consignor.name');
    expect(r.out).toContain('validate on the sample with the draft:');
    expect(r.code).toBe(1); // the consignor is not in the file: the draft does not validate yet
    writeFileSync(join(temp.path, 'keep.yaml'), 'name: keep\n');
    expect(await tollkit(['profile', 'init', voec.manifestPath, '--out', 'keep.yaml'])).toMatchObject({ code: 2, err: expect.stringContaining('exists; pass --force') });
    expect(await tollkit(['profile', 'init', voec.manifestPath])).toMatchObject({ code: 2, err: expect.stringContaining('--out <profile.yaml> is required') });
  });
});
