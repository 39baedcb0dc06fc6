/**
 * `inferMappingProfile` (issue 15, build item 6: `tollkit profile init`): on each bundled
 * example's manifest, the draft maps at least 80 % of the fields its bundled profile maps from the
 * file (same target, same column or XML path), reads the file the same way, and loads as a
 * profile; mandatory fields it could not map are marked in comments.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { EXAMPLE_NAMES, collectManifest, examplePaths, inferDateFormat, inferMappingProfile, inferNumberStyle, loadMappingProfile, readMappingProfile } from '../src/index.js';

type Fields = Record<string, unknown>;
const SECTIONS = ['transport', 'master', 'house', 'goodsItem'] as const;

/** target → source of every field mapped from the file (`from`, or the shorthand). */
function fromFile(profile: Record<string, { fields?: Fields } | undefined>): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of SECTIONS) {
    for (const [target, spec] of Object.entries(profile[s]?.fields ?? {})) {
      const from = typeof spec === 'object' && spec !== null ? (spec as { from?: unknown }).from : spec;
      if (typeof from === 'string' || typeof from === 'number') out.set(`${s} ${target}`, String(from).trim().toLowerCase());
    }
  }
  return out;
}

describe('inferMappingProfile on the bundled examples', () => {
  for (const name of EXAMPLE_NAMES) {
    it(`${name}: maps at least 80 % of what the bundled profile maps from the file, and the draft loads`, async () => {
      const paths = examplePaths(name);
      const bundled = fromFile(parseYaml(await readFile(paths.profilePath, 'utf8')) as Record<string, { fields?: Fields }>);
      const bytes = await readFile(paths.manifestPath);
      const original = await readMappingProfile(paths.profilePath);
      const fileName = paths.manifestPath.split('/').pop() ?? name;
      // The mode is guessed from the names (flight → air, train → rail); a postal file says nothing about it.
      if (name !== 'postal-receptacles') expect(inferMappingProfile({ bytes, fileName }).profile.mode).toBe(original.mode);
      const inferred = inferMappingProfile({ bytes, fileName }, { mode: original.mode });
      const draft = fromFile(inferred.profile as unknown as Record<string, { fields?: Fields }>);
      const hits = [...bundled].filter(([k, source]) => draft.get(k) === source);
      const misses = [...bundled].filter(([k, source]) => draft.get(k) !== source).map(([k, s]) => `${k} ← ${s} (draft: ${draft.get(k) ?? 'none'})`);
      const share = hits.length / bundled.size;
      console.log(`${name}: ${hits.length}/${bundled.size} = ${(share * 100).toFixed(0)} % of the bundled profile's file mappings${misses.length > 0 ? `; missed: ${misses.join('; ')}` : ''}`);
      expect(share, misses.join('\n')).toBeGreaterThanOrEqual(0.8);
      // reads the file as the bundled profile does
      const profile = loadMappingProfile(inferred.yaml, 'yaml');
      expect(profile.format).toBe(original.format);
      expect(profile.mode).toBe(original.mode);
      expect(profile.levels).toEqual(original.levels);
      expect(profile.grouping).toBe(original.grouping);
      expect(profile.houseLink).toBe(original.houseLink);
      if (original.format === 'xml') expect(profile.xml?.recordPath).toBe(original.xml?.recordPath);
      expect(profile.numbers).toEqual(original.numbers);
      expect(profile.dates.dateTimeFormat).toBe(original.dates.dateTimeFormat);
      // every mandatory field it could not map is marked in a comment
      for (const u of inferred.unmapped) expect(inferred.yaml).toContain(`# MANDATORY, not mapped: ${u.target}`);
      // the draft reads the sample: one house per bundled house
      const run = await collectManifest({ bytes, fileName: 'sample' }, profile);
      const expected = await collectManifest({ bytes, fileName: 'sample' }, original);
      if (original.format === 'csv') expect(run.report.delimiter?.char).toBe(expected.report.delimiter?.char);
      const houses = (rs: typeof run.records): string[] => rs.filter((r) => r.level === 'house-consignment').map((r) => r.key.split(':')[1] ?? '');
      expect(houses(run.records)).toEqual(houses(expected.records));
    });
  }

  it('marks the mandatory fields it cannot map', () => {
    const csv = Buffer.from('Fraktbrev;Hovedfraktbrev;Avsender;Mottaker;Bruttovekt;Kolli;Varebeskrivelse;Varekode;Tollsted;Regnr;Ankomst\nF1;H1;A AS;B AS;12,5;2;sko;640299;NO371001;AB 12345;15.01.2030 14:30\n', 'utf8');
    const r = inferMappingProfile({ bytes: csv, fileName: 'ERP Export.csv' });
    expect(r.profile.name).toBe('erp-export');
    expect(r.profile.levels).toEqual(['transport', 'master-consignment', 'house-consignment']);
    const mapped = Object.fromEntries(r.fields.filter((f) => f.source !== undefined).map((f) => [f.target, f.source]));
    expect(mapped).toMatchObject({
      'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber': 'Fraktbrev',
      'consignmentMasterLevel.transportDocumentMasterLevel.documentNumber': 'Hovedfraktbrev',
      'consignmentHouseLevel.consignor.name': 'Avsender',
      'consignmentHouseLevel.consignee.name': 'Mottaker',
      'consignmentHouseLevel.totalGrossMass': 'Bruttovekt',
      'consignmentHouseLevel.numberOfPackages': 'Kolli',
      'consignmentHouseLevel.goodsDescription': 'Varebeskrivelse',
      'customsOfficeOfFirstEntry.referenceNumber': 'Tollsted',
      'activeBorderTransportMeans.identificationNumber': 'Regnr',
      scheduledDateAndTimeOfArrival: 'Ankomst',
    });
    expect(r.unused).toEqual(['Varekode']); // an HS code without VOEC goods lines is not mapped
    expect(r.unmapped).toContainEqual({ section: 'house', target: 'consignmentHouseLevel.consignor.address.city' });
    expect(r.yaml).toContain('# MANDATORY, not mapped: consignmentHouseLevel.consignor.address.city');
    expect(r.yaml).toContain('consignmentMasterLevel.carrier.identificationNumber: { param: carrierId }');
    expect(() => loadMappingProfile(r.yaml, 'yaml')).not.toThrow();
  });

  it('reads date and number styles from the values', () => {
    expect(inferDateFormat(['15.01.2030 14:30', '02.03.2030 09:05'])).toBe('dd.MM.yyyy HH:mm');
    expect(inferDateFormat(['01.25.2030'])).toBe('MM.dd.yyyy');
    expect(inferDateFormat(['2030-01-15 06:10'])).toBe('yyyy-MM-dd HH:mm');
    expect(inferDateFormat(['2030-01-15T09:45'])).toBe('iso');
    expect(inferDateFormat(['15/1/2030'])).toBe('dd/M/yyyy');
    expect(inferNumberStyle(['1 234,5', '812,0'])).toEqual({ decimalSeparator: ',', thousandsSeparator: ' ' });
    expect(inferNumberStyle(['12,450.0', '2,310.5'])).toEqual({ decimalSeparator: '.', thousandsSeparator: ',' });
    expect(inferNumberStyle(['3.5', '15'])).toEqual({ decimalSeparator: '.', thousandsSeparator: 'none' });
  });
});
