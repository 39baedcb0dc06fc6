import { describe, expect, it } from 'vitest';
import { compileNumberParser } from '../src/lib/numbers.js';

describe('numbers in a partner style', () => {
  it('reads decimal comma with space or no-break-space thousands', () => {
    const read = compileNumberParser({ decimalSeparator: ',', thousandsSeparator: ' ' });
    expect(read('1 234,5')).toEqual({ ok: true, value: 1234.5 });
    expect(read('1\u00A0234\u00A0567,25')).toEqual({ ok: true, value: 1234567.25 });
    expect(read('-0,5')).toEqual({ ok: true, value: -0.5 });
    expect(read('0007')).toEqual({ ok: true, value: 7 });
    expect(read('12.5')).toEqual({ ok: false, hint: 'it uses a decimal point, but the profile says decimal comma, thousands separator " "' });
    expect(read('12 34,5').ok).toBe(false);
    expect(read('1,2,3').ok).toBe(false);
    expect(read('').ok).toBe(false);
  });

  it('reads decimal point with comma thousands, and refuses a stray decimal comma', () => {
    const read = compileNumberParser({ decimalSeparator: '.', thousandsSeparator: ',' });
    expect(read('12,450.0')).toEqual({ ok: true, value: 12450 });
    expect(read('12450')).toEqual({ ok: true, value: 12450 });
    expect(read('1,23').ok).toBe(false);
  });

  it('reads decimal comma with dot thousands (1.234,5)', () => {
    const read = compileNumberParser({ decimalSeparator: ',', thousandsSeparator: '.' });
    expect(read('1.234,5')).toEqual({ ok: true, value: 1234.5 });
    expect(read('1.234')).toEqual({ ok: true, value: 1234 });
  });
});
