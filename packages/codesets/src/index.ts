/**
 * `@tollkit/codesets` — Digitoll code lists, enums and the ISO country and currency lists as typed data,
 * with lookups in English and Norwegian. Pure: no I/O; all data is generated TypeScript.
 *
 * @packageDocumentation
 */
export type { CodeEntry, CodeListSource, CurrencyKind, EnumSource, Language } from './types.js';
export { CodesetsError, InvalidCodeError, type CodesetsErrorCode, type ErrorCategory } from './errors.js';

// Code lists (generated from data/*.csv; the *_CODES constants and code types come from generated/exports.ts)
export { CODE_LIST_NAMES, type CodeListCodes, type CodeListName } from './generated/registry.js';
export * from './generated/exports.js';
export { getCodeList, type CodeList } from './get-code-list.js';
export { isValidCode } from './is-valid-code.js';
export { describeCode } from './describe-code.js';
export { assertValidCode } from './assert-valid-code.js';
export { isValidCustomsOffice } from './is-valid-customs-office.js';
export { isValidPreviousDocumentType, type TypeOfReference } from './is-valid-previous-document-type.js';

// Enums (generated from data/enums.json; constants and types re-exported through generated/exports.ts)
export { getEnum, isEnumValue } from './get-enum.js';
export { isValidExportId, exportIdFormatFor } from './is-valid-export-id.js';

// Transport modes (enums.md §9)
export {
  TRANSPORT_MODES,
  isTransportMode,
  modeOfTransportCodeFor,
  transportModeFor,
  typeOfIdentificationFor,
  conveyanceReferenceRuleFor,
  type TransportMode,
  type ModeOfTransportCode,
  type TypeOfIdentificationForMode,
  type ConveyanceReferenceRule,
} from './transport-mode.js';

// ISO lists
export { isValidCountryCode, countryName, COUNTRY_CODES } from './is-valid-country-code.js';
export { isValidCurrencyCode, currencyInfo, type CurrencyCodeOptions } from './is-valid-currency-code.js';
