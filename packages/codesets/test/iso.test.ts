import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryName, currencyInfo, isValidCountryCode, isValidCurrencyCode } from '../src/index.js';
import { readCsv } from './support.js';

describe('ISO 3166-1 alpha-2 country codes', () => {
  it('bundles the 249 officially assigned codes, unique and sorted', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect([...COUNTRY_CODES]).toEqual([...COUNTRY_CODES].sort());
    expect(COUNTRY_CODES).toEqual(readCsv('iso/iso-3166-1-alpha-2.csv').map((r) => r['code']));
  });

  it('every bundled code is a region ICU knows (cross-check against Node\'s CLDR data)', () => {
    const en = new Intl.DisplayNames(['en'], { type: 'region' });
    const nb = new Intl.DisplayNames(['nb'], { type: 'region' });
    for (const code of COUNTRY_CODES) {
      expect(en.of(code), code).not.toBe(code);
      expect(nb.of(code), code).not.toBe(code);
    }
  });

  it('accepts real codes and refuses reserved, user-assigned, lowercase and malformed ones', () => {
    for (const code of ['NO', 'SE', 'DK', 'FI', 'DE', 'GB', 'SJ', 'AX', 'CW', 'SS']) expect(isValidCountryCode(code), code).toBe(true);
    for (const code of ['EU', 'XK', 'XI', 'UK', 'EL', 'AN', 'YU', 'ZZ', 'no', 'NOR', 'N', '', ' NO']) {
      expect(isValidCountryCode(code), JSON.stringify(code)).toBe(false);
    }
    expect(isValidCountryCode(null)).toBe(false);
  });

  it('names countries in English and Norwegian', () => {
    expect(countryName('NO')).toBe('Norway');
    expect(countryName('NO', 'no')).toBe('Norge');
    expect(countryName('SE', 'no')).toBe('Sverige');
    expect(countryName('XK', 'no')).toBeUndefined();
    expect(() => countryName('NO', 'sv' as 'no')).toThrow(TypeError);
    expect(countryName('AX')).toBe('Åland Islands');
    expect(countryName('XK')).toBeUndefined();
  });
});

describe('ISO 4217 currency codes', () => {
  const rows = readCsv('iso/iso-4217.csv');

  it('bundles unique sorted codes with a kind', () => {
    const codes = rows.map((r) => r['code']);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    expect(rows.filter((r) => r['kind'] === 'currency').length).toBeGreaterThanOrEqual(150);
  });

  it('every circulating and withdrawn code has an ICU currency name (cross-check)', () => {
    const en = new Intl.DisplayNames(['en'], { type: 'currency' });
    for (const row of rows.filter((r) => r['kind'] === 'currency' || r['kind'] === 'withdrawn')) {
      expect(en.of(row['code'] ?? ''), row['code']).not.toBe(row['code']);
    }
  });

  it('accepts circulating currencies used by carriers and refuses the rest by default', () => {
    for (const code of ['NOK', 'SEK', 'DKK', 'EUR', 'USD', 'GBP', 'CHF', 'ISK', 'PLN', 'XCG', 'SLE', 'ZWG']) {
      expect(isValidCurrencyCode(code), code).toBe(true);
    }
    for (const code of ['nok', 'NKR', 'EURO', '', 'XAU', 'XXX', 'XTS', 'CLF', 'HRK', 'ANG', 'BGN', 'SLL']) {
      expect(isValidCurrencyCode(code), JSON.stringify(code)).toBe(false);
    }
    expect(isValidCurrencyCode(578)).toBe(false);
  });

  it('accepts other kinds on request and describes any code', () => {
    expect(isValidCurrencyCode('XAU', { kinds: ['precious-metal'] })).toBe(true);
    expect(isValidCurrencyCode('HRK', { kinds: ['currency', 'withdrawn'] })).toBe(true);
    expect(isValidCurrencyCode('NOK', { kinds: ['fund'] })).toBe(false);
    expect(currencyInfo('NOK')).toEqual({ code: 'NOK', nameEn: 'Norwegian Krone', kind: 'currency' });
    expect(currencyInfo('HRK')?.kind).toBe('withdrawn');
    expect(currencyInfo('ABC')).toBeUndefined();
  });
});
