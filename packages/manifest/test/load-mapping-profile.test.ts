import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NAMES, checkParams, examplePaths, loadMappingProfile, profileParams, readMappingProfile, type ManifestError, type ProfileInvalidError } from '../src/index.js';

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
    expect(byPath['house.fields.consignmentHouseLevel.goodsDescription']).toMatch(/exactly one of `from`, `firstOf`, `const` or `param`/u);
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

describe('typos caught when the profile is loaded (issue 15)', () => {
  it('refuses unknown date format tokens such as hh, naming the path and the right token', () => {
    const e = invalid({ ...minimal, dates: { dateTimeFormat: 'dd.MM.yyyy hh:mm' } });
    expect(e.issues).toContainEqual({
      path: 'dates.dateTimeFormat',
      message: 'date format "dd.MM.yyyy hh:mm": unknown token "hh": hours are HH (00-23); a 12-hour clock (hh) is not supported',
    });
    const f = invalid({
      ...minimal,
      house: { fields: { ...minimal.house.fields, 'consignmentHouseLevel.previousDocuments[0].declarationDate': { from: 'D', type: 'date', format: 'DD.MM.YYYY' } } },
    });
    expect(f.issues[0]?.path).toBe('house.fields.consignmentHouseLevel.previousDocuments[0].declarationDate.format');
    expect(f.issues[0]?.message).toContain('unknown token "DD": the day is dd (lower case)');
    expect(invalid({ ...minimal, dates: { dateFormat: 'dd.MM' } }).issues[0]?.message).toContain('needs yyyy');
  });

  it("accepts the known tokens, 'T' and quoted text", () => {
    const p = loadMappingProfile(JSON.stringify({ ...minimal, dates: { dateTimeFormat: "yyyy-MM-dd'T'HH:mm:ss", dateFormat: "d.M.yyyy 'kl.'" } }), 'json');
    expect(p.dates.dateTimeFormat).toBe("yyyy-MM-dd'T'HH:mm:ss");
    expect(loadMappingProfile(JSON.stringify({ ...minimal, dates: { dateTimeFormat: 'yyyy-MM-ddTHH:mm' } }), 'json').dates.dateTimeFormat).toBe('yyyy-MM-ddTHH:mm');
  });

  it('refuses the same character as decimal and thousands separator', () => {
    expect(invalid({ ...minimal, numbers: { decimalSeparator: ',', thousandsSeparator: ',' } }).issues).toContainEqual({
      path: 'numbers.thousandsSeparator',
      message: 'the thousands separator cannot be the decimal separator (",")',
    });
  });

  it('refuses parameters the profile does not take, naming the ones it does', () => {
    const p = loadMappingProfile(
      JSON.stringify({ ...minimal, house: { fields: { ...minimal.house.fields, 'consignmentHouseLevel.goodsDescription': { param: 'goods' } } } }),
      'json',
    );
    expect(profileParams(p)).toEqual(['goods']);
    expect(() => checkParams(p, { goods: 'x' })).not.toThrow();
    expect(() => checkParams(p, { godos: 'x' })).toThrow('mapping profile "acme" has no parameter "godos"; it takes: "goods" (did you mean "goods"?)');
    try {
      checkParams(p, { eta: 'x' });
    } catch (error) {
      expect((error as ManifestError).code).toBe('MANIFEST_PARAM_UNKNOWN');
      expect((error as ManifestError).category).toBe('config');
    }
  });
});

describe('target field paths (issue 15)', () => {
  it('refuses a target that is not a field of the message, naming the nearest', () => {
    const e = invalid({ ...minimal, house: { fields: { ...minimal.house.fields, 'consignmentHouseLevel.goodsDescripton': 'Goods' } } });
    expect(e.issues).toContainEqual({
      path: 'house.fields.consignmentHouseLevel.goodsDescripton',
      message: 'not a field of the house message; nearest: consignmentHouseLevel.goodsDescription (the fields are listed in docs/fields.md)',
    });
    const g = invalid({ ...minimal, grouping: 'rows-per-house', goodsItem: { fields: { 'itemAmountInvoicedVOEC.valeu': 'Price' } } });
    expect(g.issues[0]?.message).toContain('nearest: itemAmountInvoicedVOEC.value');
  });

  it('accepts conditions, alternatives and value functions, and refuses bad ones', () => {
    const fields = {
      ...minimal.house.fields,
      'consignmentHouseLevel.goodsDescription': { firstOf: ['A', 'B'], apply: [{ replace: { pattern: '(' } }] },
      'consignmentHouseLevel.previousDocuments[0].typeOfReference': { const: 'CUDE', when: { source: 'P', equals: 'IM', in: ['IM'] } },
    };
    const e = invalid({ ...minimal, house: { fields } });
    expect(e.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        'house.fields.consignmentHouseLevel.goodsDescription.apply.0.replace.pattern',
        'house.fields.consignmentHouseLevel.previousDocuments[0].typeOfReference.when',
      ]),
    );
  });
});
