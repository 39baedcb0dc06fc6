import { EXPORT_ID_FORMATS } from './generated/enums.js';
import type { TypeOfExport } from './generated/lists/tb-exporttype.js';

const formats = new Map<string, (typeof EXPORT_ID_FORMATS)[number]>(EXPORT_ID_FORMATS.map((f) => [f.typeOfExport, f]));

/**
 * True when `exportId` has the format Customs gives for `typeOfExport` (enums.md §4):
 * - `AES_EXPORT`: 18 characters, 2 digits + 2 letters (country) + 14 uppercase letters/digits, e.g. `24SE0123456789ABCD`;
 * - `EIDR_EXPORT`: 18 characters, 2 digits + `SE` + 11 uppercase letters/digits + `AE` + 1 character, e.g. `24SE0123456789AAED`;
 * - `EUEIR_EXPORT`: 1 to 35 characters, no control characters, no leading/trailing space, e.g. `SE009251-20230602-24`.
 *
 * Returns `false` for an unknown `typeOfExport` (including the obsolete `UGE_EXPORT` …).
 * Customs' text on failure: `Invalid MRN format for export of type ${typeOfExport}` (see {@link exportIdFormatFor}).
 *
 * @example
 * ```ts
 * isValidExportId('AES_EXPORT', '24SE0123456789ABCD'); // true
 * isValidExportId('AES_EXPORT', '24se0123456789abcd'); // false
 * ```
 */
export function isValidExportId(typeOfExport: TypeOfExport | (string & {}), exportId: unknown): boolean {
  const format = formats.get(typeOfExport);
  return format !== undefined && typeof exportId === 'string' && format.pattern.test(exportId);
}

/**
 * The format rule of a `typeOfExport`: Customs' wording (`page`), the check (`pattern`) and an example,
 * or `undefined` for an unknown type.
 *
 * @example
 * ```ts
 * exportIdFormatFor('AES_EXPORT')?.example; // '24SE0123456789ABCD'
 * exportIdFormatFor('UGE_EXPORT'); // undefined
 * ```
 */
export function exportIdFormatFor(
  typeOfExport: string,
): { readonly typeOfExport: TypeOfExport; readonly page: string; readonly pattern: RegExp; readonly example: string } | undefined {
  return formats.get(typeOfExport);
}
