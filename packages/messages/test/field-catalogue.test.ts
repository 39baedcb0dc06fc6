/**
 * docs/fields.md (the field catalogue of docs/digitoll.md §7) is generated from the schemas and
 * rules of this package and must stay current.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderFieldCatalogue } from '../scripts/render-field-catalogue.js';
import { listNotificationFields } from '../src/index.js';

describe('docs/fields.md', () => {
  it('is current (regenerate with: pnpm exec tsx scripts/write-field-catalogue.ts)', async () => {
    const committed = await readFile(new URL('../../../docs/fields.md', import.meta.url), 'utf8');
    expect(committed).toBe(await renderFieldCatalogue());
  }, 60_000);

  it('lists presence, format, size, code lists and the rules that touch a field', async () => {
    const text = await renderFieldCatalogue();
    const row = (path: string, level: string): string | undefined => text.split(`## ${level}`)[1]?.split('\n').find((l) => l.startsWith(`| \`${path}\` |`));
    expect(row('consignmentHouseLevel.goodsDescription', 'house-consignment')).toBe('| `consignmentHouseLevel.goodsDescription` | required | string | 1–512 |  |');
    expect(row('activeBorderTransportMeans.typeOfIdentification', 'transport')).toContain('A1 code list CL750');
    expect(row('activeBorderTransportMeans.conveyanceReferenceNumber', 'transport')).toContain('air: required');
    expect(row('customsOfficeOfFirstEntry.referenceNumber', 'transport')).toContain('A14 customs office (CL141)');
    expect(row('scheduledDateAndTimeOfArrival', 'transport')).toMatch(/instant yyyy-MM-ddTHH:mm:ssZ .*B1\/B3 must be present; B2\/B5 at most a year ahead/u);
    expect(row('consignmentHouseLevel.consignor.address.country', 'house-consignment')).toContain('A2 ISO country');
    expect(row('consignmentHouseLevel.previousDocuments[].declarationDate', 'house-consignment')).toContain('date yyyy-MM-dd');
    expect(row('consignmentHouseLevel.totalGrossMass', 'house-consignment')).toContain('<16 digits>.<6 digits>');
  }, 60_000);

  it('listNotificationFields tells required from conditional and optional', () => {
    const house = listNotificationFields('house-consignment', 'road');
    const presence = (path: string) => house.find((f) => f.path === path)?.presence;
    expect(presence('consignmentHouseLevel.consignor.address.city')).toBe('required');
    expect(presence('representative.name')).toBe('conditional');
    expect(presence('consignmentHouseLevel.receptacleIdentificationNumber')).toBe('optional');
    expect(house.find((f) => f.path === 'consignmentHouseLevel.goodsDescription')).toEqual({
      path: 'consignmentHouseLevel.goodsDescription',
      type: 'string',
      presence: 'required',
      minLength: 1,
      maxLength: 512,
    });
  });
});
