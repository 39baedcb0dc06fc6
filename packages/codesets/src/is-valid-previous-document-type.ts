import type { AdditionalPreviousDocumentTypeCode } from './generated/lists/additional-previous-document-type.js';
import type { PreviousDocumentTypeCode } from './generated/lists/cl228.js';
import { isValidCode } from './is-valid-code.js';

/** A `previousDocuments[].typeOfReference`: a CL228 code or a national addition (CUDE, RETR, GONU, C624). */
export type TypeOfReference = PreviousDocumentTypeCode | AdditionalPreviousDocumentTypeCode;

/**
 * True when `code` is a valid `previousDocuments[].typeOfReference`: CL228 plus the national list
 * AdditionalPreviousDocumentType (enums.md §1).
 *
 * @example
 * ```ts
 * isValidPreviousDocumentType('N820'); // true (CL228)
 * isValidPreviousDocumentType('CUDE'); // true (national)
 * ```
 */
export function isValidPreviousDocumentType(code: unknown): code is TypeOfReference {
  return isValidCode('CL228', code) || isValidCode('AdditionalPreviousDocumentType', code);
}
