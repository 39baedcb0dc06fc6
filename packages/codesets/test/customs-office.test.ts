import { describe, expect, it } from 'vitest';
import { isValidCustomsOffice } from '../src/index.js';
import { readCsv } from './support.js';

describe('isValidCustomsOffice (CL141)', () => {
  it('accepts every Norwegian office Customs lists', () => {
    const offices = readCsv('CL141.csv').map((r) => r['code'] ?? '');
    expect(offices).toHaveLength(49);
    for (const office of offices) expect(isValidCustomsOffice(office), office).toBe(true);
  });

  it('refuses NO codes that are not on the list, however well-formed', () => {
    for (const code of ['NO999999', 'NO324000', 'NO000000', 'NOABCDEF']) expect(isValidCustomsOffice(code), code).toBe(false);
  });

  it('accepts a foreign office: ISO country code + 6 uppercase letters or digits', () => {
    for (const code of ['SE000001', 'SE601003', 'DK003102', 'FI542300', 'DE004851', 'GBABC123', 'CH001001']) {
      expect(isValidCustomsOffice(code), code).toBe(true);
    }
  });

  it('refuses wrong lengths, lowercase, separators, unknown country prefixes and non-strings', () => {
    for (const code of [
      '',
      'SE00001', // 7 characters
      'SE0000011', // 9 characters
      'se000001',
      'SE00000a',
      'SE-00001',
      ' SE000001',
      'ZZ000001', // not a country
      'EU000001', // reserved, not an ISO country
      'XK000001', // user-assigned
      '12000001',
    ]) {
      expect(isValidCustomsOffice(code), JSON.stringify(code)).toBe(false);
    }
    expect(isValidCustomsOffice(undefined)).toBe(false);
    expect(isValidCustomsOffice(32400100)).toBe(false);
  });
});
