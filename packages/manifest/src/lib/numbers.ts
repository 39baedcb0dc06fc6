/** Reading numbers written with a partner's decimal and thousands separators. */

export interface NumberStyle {
  readonly decimalSeparator: '.' | ',';
  readonly thousandsSeparator: 'none' | '.' | ',' | ' ' | "'";
}

export type NumberResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly hint: string };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Describes a style for messages, e.g. `decimal comma, thousands "."`. */
export function describeNumberStyle(style: NumberStyle): string {
  const dec = style.decimalSeparator === ',' ? 'decimal comma' : 'decimal point';
  const th = style.thousandsSeparator === 'none' ? 'no thousands separator' : `thousands separator "${style.thousandsSeparator}"`;
  return `${dec}, ${th}`;
}

/**
 * Returns a strict parser for numbers in `style`: `1.234,5` with decimal comma and thousands
 * `.`; spaces and no-break spaces when the thousands separator is a space. Anything else is
 * refused with a hint (a decimal point where a comma is expected is the classic).
 */
export function compileNumberParser(style: NumberStyle): (raw: string) => NumberResult {
  const dec = escape(style.decimalSeparator);
  const thousands = style.thousandsSeparator === ' ' ? '[ \\u00A0\\u202F]' : escape(style.thousandsSeparator);
  const grouped = style.thousandsSeparator === 'none' ? '' : `\\d{1,3}(?:${thousands}\\d{3})+|`;
  const re = new RegExp(`^([-+]?)(${grouped}\\d+)(?:${dec}(\\d+))?$`, 'u');
  const thousandsRe = style.thousandsSeparator === 'none' ? undefined : new RegExp(thousands, 'gu');
  const otherDecimal = style.decimalSeparator === ',' ? /^[-+]?\d+\.\d+$/ : /^[-+]?\d+,\d+$/;
  const styleText = describeNumberStyle(style);
  return (raw) => {
    const m = re.exec(raw);
    if (m === null) {
      if (otherDecimal.test(raw)) {
        const seen = style.decimalSeparator === ',' ? 'a decimal point' : 'a decimal comma';
        return { ok: false, hint: `it uses ${seen}, but the profile says ${styleText}` };
      }
      return { ok: false, hint: `expected a number with ${styleText}` };
    }
    const intPart = thousandsRe === undefined ? (m[2] ?? '') : (m[2] ?? '').replace(thousandsRe, '');
    const text = `${m[1] ?? ''}${intPart}${m[3] === undefined ? '' : `.${m[3]}`}`;
    const value = Number(text);
    if (!Number.isFinite(value)) return { ok: false, hint: 'the number is out of range' };
    return { ok: true, value };
  };
}

/** Adds two decimals without binary-fraction noise (sums of masses like 0.1 + 0.2). */
export function addDecimals(a: number, b: number): number {
  return Math.round((a + b) * 1e6) / 1e6;
}
