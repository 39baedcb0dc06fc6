import { isValidCountryCode } from './is-valid-country-code.js';
import { indexOf } from './lib/lookup.js';

const FOREIGN_OFFICE = /^([A-Z]{2})[A-Z0-9]{6}$/;

/**
 * True when `code` is a valid customs office reference number (CL141, exactly 8 characters):
 * - a Norwegian office (`NO…`) must be one of the offices Customs lists in CL141;
 * - a foreign office must be an ISO 3166-1 alpha-2 country code followed by 6 uppercase letters or digits
 *   (the full EU list is not bundled, so foreign offices get a format check only).
 *
 * @example
 * ```ts
 * isValidCustomsOffice('NO324001'); // true  (Storskog)
 * isValidCustomsOffice('NO999999'); // false (not a Norwegian office)
 * isValidCustomsOffice('SE000001'); // true  (format check)
 * isValidCustomsOffice('ZZ000001'); // false (ZZ is not a country)
 * ```
 */
export function isValidCustomsOffice(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  const match = FOREIGN_OFFICE.exec(code);
  if (match === null) return false;
  const country = match[1] ?? '';
  if (country === 'NO') return indexOf('CL141').has(code);
  return isValidCountryCode(country);
}
