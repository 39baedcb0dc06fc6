/**
 * Integer and fraction digit counts of a finite number's shortest decimal form, as Java's
 * `@Digits` sees the `BigDecimal` Jackson parses from JSON (e.g. `812.5` → 3 and 1, `0.25` → 0 and 2).
 */
export function countDigits(value: number): { integer: number; fraction: number } {
  const text = Math.abs(value).toString();
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (match === null) return { integer: Number.POSITIVE_INFINITY, fraction: Number.POSITIVE_INFINITY };
  const whole = match[1] ?? '';
  const frac = match[2] ?? '';
  const exponent = Number(match[3] ?? '0');
  let digits = (whole + frac).replace(/^0+/, '');
  let pointFromRight = frac.length - exponent; // number of digits after the decimal point
  if (digits === '') return { integer: 0, fraction: 0 };
  // Drop trailing zeros after the point (they do not exist in a JS number's shortest form anyway).
  while (pointFromRight > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    pointFromRight -= 1;
  }
  if (pointFromRight <= 0) return { integer: digits.length - pointFromRight, fraction: 0 };
  return { integer: Math.max(0, digits.length - pointFromRight), fraction: pointFromRight };
}
