import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, examplePaths, loadMappingProfile, readMappingProfile, type ManifestError, type ProfileInvalidError } from '../src/index.js';

const minimal = {
  name: 'acme',
  format: 'csv',
  mode: 'road',
  levels: ['house-consignment'],
  master: {
    fields: {
      'consignmentMasterLevel.transportDocumentMasterLevel.documentNumber': 'Master',
      'consignmentMasterLevel.transportDocumentMasterLevel.type': { const: 'N730' },
      'consignmentMasterLevel.carrier.identificationNumber': { const: 'NO987654321' },
    },
  },
  house: {
    fields: {
      'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber': 'Waybill',
      'consignmentHouseLevel.transportDocumentHouseLevel.type': { const: 'N730' },
    },
  },
};

function invalid(profile: unknown): ProfileInvalidError {
  try {
    loadMappingProfile(JSON.stringify(profile), 'json');
  } catch (error) {
    return error as ProfileInvalidError;
  }
  throw new Error('expected the profile to be rejected');
}

describe('loadMappingProfile', () => {
  it('accepts a minimal profile and fills defaults', () => {
    const p = loadMappingProfile(JSON.stringify(minimal), 'json');
    expect(p.encoding).toBe('auto');
    expect(p.csv.delimiter).toBe('auto');
    expect(p.dates.timeZone).toBe('Europe/Oslo');
    expect(p.limits.maxColumns).toBe(1000);
    expect(p.grouping).toBe('one-row-per-house');
  });

  it.each(EXAMPLE_NAMES)('loads the bundled example %s', async (name) => {
    const profile = await readMappingProfile(examplePaths(name).profilePath);
    expect(profile.name).toBe(name);
  });

  it('reports YAML syntax errors as MANIFEST_PROFILE_UNREADABLE', () => {
    let error: ManifestError | undefined;
    try {
      loadMappingProfile('name: [unclosed', 'yaml');
    } catch (e) {
      error = e as ManifestError;
    }
    expect(error?.code).toBe('MANIFEST_PROFILE_UNREADABLE');
    expect(error?.category).toBe('config');
  });

  it('names the path of each problem', () => {
    const e = invalid({
      ...minimal,
      dates: { timeZone: 'Europe/Atlantis' },
      house: {
        fields: {
          ...minimal.house.fields,
          'consignmentHouseLevel.totalGrossMass': { from: 'Vekt', type: 'float' },
          'consignmentHouseLevel.importProcedure.importProcedure': { from: 'Prosedyre', translate: 'procedures' },
          'consignmentHouseLevel.goodsDescription': { from: 'Varer', const: 'x' },
          'bad..path': 'x',
        },
      },
    });
    expect(e.code).toBe('MANIFEST_PROFILE_INVALID');
    const byPath = Object.fromEntries(e.issues.map((i) => [i.path, i.message]));
    expect(byPath['house.fields.consignmentHouseLevel.totalGrossMass.type']).toMatch(/string.*integer.*decimal/u);
    expect(byPath['house.fields.consignmentHouseLevel.goodsDescription']).toMatch(/exactly one of `from`, `const` or `param`/u);
    expect(byPath['house.fields.bad..path']).toMatch(/dotted field path/u);
    expect(e.message).toContain('Mapping profile "acme" is invalid');
  });

  it('refuses unknown translation tables, time zones and missing key fields', () => {
    const e = invalid({
      ...minimal,
      levels: ['transport', 'house-consignment'],
      dates: { timeZone: 'Europe/Atlantis' },
      house: { fields: { 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber': { from: 'Waybill', translate: 'nope' } } },
    });
    const messages = e.issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toContain('house.fields: must map consignmentHouseLevel.transportDocumentHouseLevel.type (the house key)');
    expect(messages).toContain('transport.fields: must map activeBorderTransportMeans.identificationNumber (the transport key)');
    expect(messages).toContain('dates.timeZone: unknown time zone "Europe/Atlantis" (use an IANA name such as Europe/Oslo)');
    expect(messages).toContain('house.fields.consignmentHouseLevel.transportDocumentHouseLevel.documentNumber.translate: no table "nope" in translations (have: none)');
  });

  it('refuses unknown keys and code lists (typos do not pass silently)', () => {
    const e = invalid({ ...minimal, delimiter: ';', house: { fields: { ...minimal.house.fields, x: { from: 'a', codeList: 'CL999' } } } });
    const paths = e.issues.map((i) => i.path);
    expect(paths).toContain('');
    expect(paths).toContain('house.fields.x.codeList');
  });

  it('loads the same profile from YAML and JSON', async () => {
    const yamlText = await readFile(examplePaths('rail-wagons').profilePath, 'utf8');
    const fromYaml = loadMappingProfile(yamlText, 'yaml');
    expect(loadMappingProfile(JSON.stringify(fromYaml), 'json')).toEqual(fromYaml);
  });
});
