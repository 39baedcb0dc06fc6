/**
 * Spreadsheet-formula values (CSV/formula injection): a cell that starts with `=`, `@`, or `+`/`-`
 * followed by something that is not a number or phone number is executed by spreadsheet programs
 * when the data is opened again (e.g. result files written back to the partner).
 */

const numberLike = /^[+-][\d\s().,/]*\d[\d\s().,/]*$/u;

/** true when `value` would be read as a formula by a spreadsheet program. */
export function looksLikeFormula(value: string): boolean {
  const first = value.charCodeAt(0);
  // = @ \t \r
  if (first === 61 || first === 64 || first === 9 || first === 13) return true;
  // + -
  if (first === 43 || first === 45) return value.length > 1 && !numberLike.test(value);
  return false;
}

/** Strips the leading characters that make a value a formula. */
export function neutraliseFormula(value: string): string {
  return value.replace(/^[=@+\-\t\r\s]+/u, '');
}
