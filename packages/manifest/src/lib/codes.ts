/**
 * The code-list checks the mapper needs, bound to `@tollkit/codesets`.
 */
import { isValidCode, isValidCountryCode, isValidCustomsOffice, type CodeListName } from '@tollkit/codesets';

/** Code lists a profile field may name in `codeList` (the Digitoll code lists bundled in @tollkit/codesets, data/). */
export const CODE_LIST_NAMES = [
  'AdditionalPreviousDocumentType',
  'CL017',
  'CL018',
  'CL094',
  'CL116',
  'CL141',
  'CL228',
  'CL704',
  'CL707',
  'CL708',
  'CL709',
  'CL710',
  'CL711',
  'CL729',
  'CL749',
  'CL750',
  'CL751',
  'CL754',
  'CL756',
  'ImportProcedure',
  'IncompleteDocumentationReason',
  'OutgoingProcedure',
  'TB_EXPORTTYPE',
] as const satisfies readonly CodeListName[];

export type ProfileCodeListName = (typeof CODE_LIST_NAMES)[number];

/** true when `code` is in the list. */
export function hasCode(list: ProfileCodeListName, code: string): boolean {
  return isValidCode(list, code);
}

/** true for an ISO 3166-1 alpha-2 country code. */
export function isCountry(code: string): boolean {
  return isValidCountryCode(code);
}

/** true for a customs office reference number (CL141, or a foreign office). */
export function isCustomsOffice(code: string): boolean {
  return isValidCustomsOffice(code);
}
