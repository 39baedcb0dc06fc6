import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CODE_LIST_NAMES,
  assertValidCode,
  describeCode,
  getCodeList,
  isValidCode,
  isValidPreviousDocumentType,
  type CodeListName,
} from '../src/index.js';
import { dataUrl, readCsv } from './support.js';

/** Row counts as published in codes.md (counted there against the <tr> rows of Customs' page). */
const ROWS_IN_CODES_MD: Record<CodeListName, number> = {
  CL017: 175,
  CL018: 7,
  CL094: 2,
  CL116: 7,
  CL141: 49,
  CL228: 36,
  CL704: 4,
  CL707: 2,
  CL708: 2,
  CL709: 2,
  CL710: 40,
  CL711: 2,
  CL729: 3,
  CL749: 5,
  CL750: 7,
  CL751: 277,
  CL754: 15,
  CL756: 6,
  ImportProcedure: 10,
  OutgoingProcedure: 3,
  AdditionalPreviousDocumentType: 4,
  TB_EXPORTTYPE: 3,
  IncompleteDocumentationReason: 9,
};

describe('every bundled code list', () => {
  it('bundles the 23 lists of the reference', () => {
    expect([...CODE_LIST_NAMES].sort()).toEqual(Object.keys(ROWS_IN_CODES_MD).sort());
  });

  for (const name of CODE_LIST_NAMES) {
    it(`${name} has the rows of data/${name}.csv in order, with both descriptions`, () => {
      const rows = readCsv(`${name}.csv`);
      const list = getCodeList(name);
      expect(rows).toHaveLength(ROWS_IN_CODES_MD[name]);
      expect(list.entries).toHaveLength(rows.length);
      expect(list.entries).toEqual(
        rows.map((r) => ({ code: r['code'], descriptionEn: r['description_en'], descriptionNo: r['description_no'] })),
      );
      for (const row of rows) {
        const code = row['code'] ?? '';
        expect(list.has(code)).toBe(true);
        expect(isValidCode(name, code)).toBe(true);
        expect(list.lookup(code)?.descriptionNo).toBe(row['description_no']);
      }
    });
  }

  const reference = '/work/shared/reference/codesets';
  it.runIf(existsSync(reference))('data/ is a byte-identical copy of the shared reference (drift check)', () => {
    for (const name of CODE_LIST_NAMES) {
      expect(readFileSync(dataUrl(`${name}.csv`), 'utf8'), name).toBe(readFileSync(`${reference}/${name}.csv`, 'utf8'));
    }
  });
});

describe('getCodeList', () => {
  it('returns the same frozen list object on every call', () => {
    const list = getCodeList('CL754');
    expect(getCodeList('CL754')).toBe(list);
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list.entries)).toBe(true);
    expect(list.title).toBe('Transport document type');
    expect(list.usedBy).toContain('transportDocumentHouseLevel.type');
  });

  it('looks codes up exactly (case-sensitive, no trimming)', () => {
    const list = getCodeList('CL754');
    expect(list.lookup('N740')).toEqual({ code: 'N740', descriptionEn: 'Air waybill', descriptionNo: 'Flyfraktbrev' });
    expect(list.has('n740')).toBe(false);
    expect(list.has(' N740')).toBe(false);
    expect(list.lookup('N999')).toBeUndefined();
  });

  it('rejects an unknown list name with a TypeError', () => {
    expect(() => getCodeList('CL999' as CodeListName)).toThrow(TypeError);
    expect(() => isValidCode('toString' as CodeListName, 'x')).toThrow(/unknown code list "toString"/);
  });
});

describe('isValidCode', () => {
  it('accepts list codes and refuses others, including non-strings', () => {
    expect(isValidCode('OutgoingProcedure', 'TRE')).toBe(true);
    expect(isValidCode('OutgoingProcedure', 'tre')).toBe(false);
    expect(isValidCode('ImportProcedure', 'NATO_FORM_302')).toBe(false);
    expect(isValidCode('CL708', 0)).toBe(false);
    expect(isValidCode('CL708', '0')).toBe(true);
    expect(isValidCode('CL751', '31')).toBe(true);
    expect(isValidCode('CL751', '12')).toBe(false); // accepted by the API per codes.md but not on the page
    expect(isValidCode('CL017', undefined)).toBe(false);
  });
});

describe('describeCode', () => {
  it('describes in English by default and in Norwegian on request', () => {
    expect(describeCode('CL018', '3')).toBe('Road Transport');
    expect(describeCode('CL018', '3', 'en')).toBe('Road Transport');
    expect(describeCode('CL018', '3', 'no')).toBe('Vegtransport');
    expect(describeCode('CL141', 'NO324001', 'no')).toBe('Storskog');
    expect(describeCode('CL729', '2', 'no')).toBe('Juridisk person');
    expect(describeCode('OutgoingProcedure', 'EXP', 'no')).toMatch(/^Eksport — /);
  });

  it('falls back to Norwegian where Customs publishes no English text', () => {
    const rows = readCsv('IncompleteDocumentationReason.csv').filter((r) => r['description_en'] === '');
    expect(rows.map((r) => r['code'])).toEqual([
      'INCOMPLETE_GONU_DOCUMENTATION',
      'CANNOT_VERIFY_CUDE_DOCUMENTATION',
      'CANNOT_VERIFY_TRA_DOCUMENTATION',
    ]);
    for (const row of rows) {
      expect(describeCode('IncompleteDocumentationReason', row['code'] ?? '', 'en')).toBe(row['description_no']);
    }
  });

  it('returns undefined for an unknown code and throws on a bad language', () => {
    expect(describeCode('CL754', 'N999')).toBeUndefined();
    expect(() => describeCode('CL754', 'N740', 'de' as 'en')).toThrow(TypeError);
  });
});

describe('assertValidCode', () => {
  it('throws a bad-data error naming the field and list', () => {
    expect(() => assertValidCode('CL754', 'N740')).not.toThrow();
    let caught: unknown;
    try {
      assertValidCode('CL754', 'X123', 'transportDocumentHouseLevel.type');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: 'CODESETS_INVALID_CODE',
      category: 'bad-data',
      list: 'CL754',
      value: 'X123',
      field: 'transportDocumentHouseLevel.type',
      message: 'transportDocumentHouseLevel.type: "X123" is not a code of CL754',
    });
  });
});

describe('isValidPreviousDocumentType', () => {
  it('accepts CL228 and the national additions, nothing else', () => {
    for (const code of ['N820', 'N955', 'N952', 'CUDE', 'RETR', 'GONU', 'C624']) {
      expect(isValidPreviousDocumentType(code), code).toBe(true);
    }
    for (const code of ['C625', 'C664', 'cude', 'XXXX', '']) expect(isValidPreviousDocumentType(code), code).toBe(false);
  });
});
