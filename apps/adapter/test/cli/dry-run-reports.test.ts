/**
 * The dry-run commands show what the mapper knows (issue 15, build item 4): file-level warnings
 * (encoding fallback, columns no field reads) in `validate` and `convert`; for each house the
 * procedure variant in Customs' numbering and the incomplete-documentation reasons Customs will
 * report; unknown --param names refused.
 *
 * Rule encoded: IMMEDIATE_RELEASE_IMPORT with outgoing EXP (variant 2) without its CUDE reference
 * is accepted by Customs as INCOMPLETE with reason INCOMPLETE_CUDE_DOCUMENTATION ( docs/digitoll/procedures.md,
 * Customs' page api/mo/prosedyrer.html).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePaths } from '@tollkit/manifest';
import { afterAll, describe, expect, it } from 'vitest';
import { convertManifest, formatValidation, validateManifest } from '../../src/commands/convert.js';
import { makeTempDir } from '../support/temp-dir.js';

const temp = makeTempDir('dry-run-reports');
afterAll(() => temp.remove());
const now = () => Date.UTC(2030, 0, 1);
const road = examplePaths('road-forwarder-export');

/** The road example with its first house's CUDE reference (Deklarantnr, Deklarasjonsdato, Løpenr) removed. */
function roadWithoutFirstCude(): string {
  const rows = readFileSync(road.manifestPath).toString('latin1').split('\r\n').map((l) => l.split(';'));
  const first = rows[1] as string[];
  first[24] = '';
  first[25] = '';
  first[26] = '';
  const file = join(temp.path, 'no-cude.csv');
  writeFileSync(file, Buffer.from(rows.map((r) => r.join(';')).join('\r\n'), 'latin1'));
  return file;
}

describe('dry runs show what the mapper knows', () => {
  it('validate and convert report the encoding fallback and the columns no field reads', async () => {
    const profile = join(temp.path, 'road-auto.yaml');
    writeFileSync(profile, readFileSync(road.profilePath, 'utf8').replace('encoding: windows-1252', 'encoding: auto'));
    const validated = await validateManifest({ file: road.manifestPath, profile, now });
    expect(validated.fileWarnings.map((w) => w.code)).toContain('ENCODING_SUSPECT');
    expect(validated.fileWarnings.find((w) => w.code === 'ENCODING_SUSPECT')?.message).toMatch(/Windows-1252/i);
    expect(formatValidation(validated)).toMatch(/^ {2}warning: .*Windows-1252/imu);
    const converted = await convertManifest({ file: road.manifestPath, profile, now });
    expect(converted.fileWarnings).toEqual(validated.fileWarnings);

    const voec = examplePaths('voec-webshop');
    const unused = await validateManifest({ file: voec.manifestPath, profile: 'voec-webshop', now });
    expect(unused.fileWarnings).toEqual([expect.objectContaining({ code: 'CSV_COLUMNS_UNUSED', line: 1 })]);
    expect(unused.fileWarnings[0]?.message).toContain('2 columns are not read by the profile: "Order", "Item"');
  });

  it('convert gives each house its procedure variant and the reasons Customs will report; validate counts and lists them', async () => {
    const file = roadWithoutFirstCude();
    const converted = await convertManifest({ file, profile: 'road-forwarder-export', now });
    const houses = converted.notifications.filter((n) => n.level === 'house-consignment');
    expect(houses.map((h) => [h.documentNumber, h.procedure?.variant, h.procedure?.incompleteReasons])).toEqual([
      ['CMR-2030-0001', 2, ['INCOMPLETE_CUDE_DOCUMENTATION']],
      ['CMR-2030-0002', 30, []],
      ['CMR-2030-0003', 2, []],
      ['CMR-2030-0004', 1, []],
      ['CMR-2030-0005', 1, []],
    ]);
    expect(houses[0]?.procedure?.description).toEqual(expect.any(String));
    expect(converted.notifications.find((n) => n.level === 'transport')?.procedure).toBeUndefined();

    const listed: unknown[] = [];
    const validated = await validateManifest({ file, profile: 'road-forwarder-export', now, onIncomplete: (h) => listed.push(h) });
    expect(validated.procedures).toEqual({
      byVariant: { '1': 2, '2': 2, '30': 1 },
      incomplete: [{ line: 2, documentNumber: 'CMR-2030-0001', variant: 2, incompleteReasons: ['INCOMPLETE_CUDE_DOCUMENTATION'] }],
      incompleteCount: 1,
    });
    expect(listed).toEqual(validated.procedures.incomplete);
    expect(formatValidation(validated)).toContain("procedures (Customs' numbering): variant 1 ×2, variant 2 ×2, variant 30 ×1; 1 house(s) will be INCOMPLETE");
  });

  it('refuses a --param the profile does not take', async () => {
    await expect(validateManifest({ file: road.manifestPath, profile: 'road-forwarder-export', params: { eta: '15.01.2030 14:30' }, now })).rejects.toMatchObject({
      code: 'MANIFEST_PARAM_UNKNOWN',
      category: 'config',
    });
    await expect(convertManifest({ file: road.manifestPath, profile: 'road-forwarder-export', params: { eta: 'x' }, now })).rejects.toThrow('has no parameter "eta"; it takes no parameters');
  });
});
