import { CURRENCY_ENTRIES } from './generated/currencies.js';
import type { CurrencyKind } from './types.js';

const currencies = new Map(CURRENCY_ENTRIES.map((e) => [e.code, e]));

/** Options of {@link isValidCurrencyCode}. */
export interface CurrencyCodeOptions {
  /**
   * Kinds of ISO 4217 code to accept. Default `['currency']`: circulating currencies only, the right
   * check for customs and invoice values (fund codes, precious metals, `XXX`/`XTS` and withdrawn codes
   * such as `HRK` are refused).
   */
  readonly kinds?: readonly CurrencyKind[];
}

/**
 * True when `code` is an active ISO 4217 alphabetic currency code (uppercase, exact), e.g. for
 * Shipmondo `currency_code` or Bring `currencyCode`.
 *
 * @example
 * ```ts
 * isValidCurrencyCode('NOK');                              // true
 * isValidCurrencyCode('HRK');                              // false (withdrawn 2023)
 * isValidCurrencyCode('XAU');                              // false
 * isValidCurrencyCode('XAU', { kinds: ['precious-metal'] }); // true
 * ```
 */
export function isValidCurrencyCode(code: unknown, options: CurrencyCodeOptions = {}): boolean {
  if (typeof code !== 'string') return false;
  const entry = currencies.get(code);
  if (entry === undefined) return false;
  return (options.kinds ?? ['currency']).includes(entry.kind);
}

/**
 * The ISO 4217 entry of a code (any kind, including withdrawn codes), or `undefined`.
 *
 * @example
 * ```ts
 * currencyInfo('HRK'); // { code: 'HRK', nameEn: 'Croatian Kuna (replaced by EUR on 2023-01-01)', kind: 'withdrawn' }
 * ```
 */
export function currencyInfo(code: string): { readonly code: string; readonly nameEn: string; readonly kind: CurrencyKind } | undefined {
  return currencies.get(code);
}
