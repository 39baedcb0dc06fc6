/**
 * One pass finds everything (issue 15, build item 1): a record with a mapping problem is still
 * judged by Customs' synchronous checks and asynchronous rules on everything that could be mapped;
 * each problem is reported once, at the line and column its data comes from; transport problems
 * stay on the transport (which still appears, as invalid) and do not make its houses invalid.
 *
 * Rules encoded: Customs' asynchronous rule A15 "Field cannot be filled out when
 * consignmentHouseLevel.importProcedure is …" (docs/digitoll/errors.md, Customs' page
 * api/mo/feilkoder.html) — CUDE fields with a procedure that uses no declaration.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertManifest, validateManifest } from '../../src/commands/convert.js';
import { makeTempDir } from '../support/temp-dir.js';
import { ROAD_COLUMNS, roadExampleWith } from '../support/road-example.js';

const temp = makeTempDir('one-pass');
afterAll(() => temp.remove());
const now = () => Date.UTC(2030, 0, 1);

/** The road example with `edit` applied to its rows (header = row 0), written in its own encoding. */
function roadWith(name: string, edit: (rows: string[][]) => void): string {
  const file = join(temp.path, name);
  writeFileSync(file, roadExampleWith(edit));
  return file;
}

const COL = ROAD_COLUMNS;

describe('one pass over a manifest', () => {
  it('reports a mapping problem and a Customs-rule problem of the same house together, each at its own column', async () => {
    const file = roadWith('two-problems.csv', (rows) => {
      const row = rows[2] as string[]; // CMR-2030-0002: CUDE 123456789/10.08.2022/2, no export MRN
      row[COL.varebeskrivelse] = ''; // mapping problem: required description empty
      row[COL.prosedyre] = 'Transitt'; // rule problem (A15): TRANSIT_IMPORT takes no CUDE
    });
    const result = await validateManifest({ file, profile: 'road-forwarder-export', now });
    const house = result.problems.filter((p) => p.documentNumber === 'CMR-2030-0002');
    expect(house.map((p) => p.field)).toEqual([
      'consignmentHouseLevel.goodsDescription',
      'consignmentHouseLevel.previousDocuments[0].declarantNumber',
      'consignmentHouseLevel.previousDocuments[0].declarationDate',
      'consignmentHouseLevel.previousDocuments[0].sequenceNumber',
    ]);
    expect(house[0]?.message).toContain('required, but Varebeskrivelse is empty');
    expect(house[1]?.message).toBe('Field cannot be filled out when consignmentHouseLevel.importProcedure is TRANSIT_IMPORT (line 3, column Deklarantnr)');
    expect(house[2]?.message).toContain('(line 3, column Deklarasjonsdato)');
    // nothing else in the file is wrong
    expect(result.summary).toMatchObject({ notifications: 8, invalid: 1 });
  });

  it('does not report a field twice: a check on a field with a mapping problem is left out', async () => {
    const file = roadWith('empty-office.csv', (rows) => {
      for (const row of rows.slice(1)) if (row.length > 1) row[5] = ''; // Grensested: required, mapping problem
    });
    const result = await validateManifest({ file, profile: 'road-forwarder-export', now });
    const office = result.problems.filter((p) => p.field.startsWith('customsOfficeOfFirstEntry'));
    expect(office).toHaveLength(1); // not again as "must not be blank" (schema) or "must be a valid customs office" (A14)
    expect(office[0]).toMatchObject({ line: 2, level: 'transport' });
  });

  it('a bad transport value on every row is reported once, at the first row', async () => {
    const file = roadWith('bad-office.csv', (rows) => {
      for (const row of rows.slice(1)) if (row.length > 1) row[5] = 'Storlien'; // not in the profile's grensested table
    });
    const result = await validateManifest({ file, profile: 'road-forwarder-export', now });
    const office = result.problems.filter((p) => p.field === 'customsOfficeOfFirstEntry.referenceNumber');
    expect(office).toHaveLength(1);
    expect(office[0]?.message).toContain('"Storlien" is not in translation table "grensested" (known: svinesund, ørje) (line 2, column Grensested');
  });

  it('a wrong date format on the transport is one transport problem; the transport appears as invalid, its houses stay valid', async () => {
    const file = roadWith('transport-date.csv', (rows) => {
      for (const row of rows.slice(1)) if (row.length > 1) row[COL.ankomst] = '2030-01-15 14:30'; // profile says dd.MM.yyyy HH:mm
    });
    const converted = await convertManifest({ file, profile: 'road-forwarder-export', now });
    const transports = converted.notifications.filter((n) => n.level === 'transport');
    expect(transports).toHaveLength(1);
    expect(transports[0]).toMatchObject({ status: 'invalid', line: 2 });
    expect(transports[0]?.errors).toHaveLength(1);
    expect(transports[0]?.errors[0]?.field).toBe('scheduledDateAndTimeOfArrival');
    expect(transports[0]?.errors[0]?.message).toContain('does not match the date format dd.MM.yyyy HH:mm');
    const others = converted.notifications.filter((n) => n.level !== 'transport');
    expect(others).toHaveLength(7);
    expect(others.every((n) => n.status === 'would-send')).toBe(true);
  });
});
