import { COUNTRY_ENTRIES } from './generated/countries.js';
import type { Language } from './types.js';

const countries: ReadonlyMap<string, string> = new Map(COUNTRY_ENTRIES.map((e) => [e.code, e.nameEn]));

/**
 * True when `code` is one of the 249 officially assigned ISO 3166-1 alpha-2 country codes
 * (uppercase, exact). Reserved and user-assigned codes (`EU`, `XK`, `XI`, `UK` …) are not valid:
 * Customs answers "Country is invalid" for anything that is not a valid alpha-2 code.
 *
 * @example
 * ```ts
 * isValidCountryCode('NO'); // true
 * isValidCountryCode('no'); // false
 * isValidCountryCode('XK'); // false
 * ```
 */
export function isValidCountryCode(code: unknown): boolean {
  return typeof code === 'string' && countries.has(code);
}

let norwegianNames: Intl.DisplayNames | undefined;

/**
 * The name of a country: in English (`'en'`, default) the ISO 3166-1 short name bundled with the package,
 * in Norwegian (`'no'`) the bokmål name from the runtime's CLDR data (`Intl.DisplayNames`).
 *
 * @returns the name, or `undefined` when `code` is not a valid country code.
 * @throws TypeError when `lang` is not `'en'` / `'no'`.
 * @example
 * ```ts
 * countryName('SE');       // 'Sweden'
 * countryName('SE', 'no'); // 'Sverige'
 * ```
 */
export function countryName(code: string, lang: Language = 'en'): string | undefined {
  if (lang !== 'en' && lang !== 'no') throw new TypeError(`lang must be 'en' or 'no', got ${JSON.stringify(lang)}`);
  const nameEn = countries.get(code);
  if (nameEn === undefined || lang === 'en') return nameEn;
  norwegianNames ??= new Intl.DisplayNames(['nb'], { type: 'region', fallback: 'none' });
  return norwegianNames.of(code) ?? nameEn;
}

/** The 249 ISO 3166-1 alpha-2 codes in alphabetical order. */
export const COUNTRY_CODES: readonly string[] = Object.freeze(COUNTRY_ENTRIES.map((e) => e.code));
