import { InvalidCodeError } from './errors.js';
import type { CodeListCodes, CodeListName } from './generated/registry.js';
import { isValidCode } from './is-valid-code.js';

/**
 * Asserts that `code` is a code of the list `name`.
 *
 * @param field the field the value came from, named in the error message (e.g. `'transportDocumentHouseLevel.type'`).
 * @throws InvalidCodeError (`code: 'CODESETS_INVALID_CODE'`, `category: 'bad-data'`) when it is not.
 * @throws TypeError when `name` is not a bundled list.
 * @example
 * ```ts
 * declare const row: { outgoing: string };
 * assertValidCode('OutgoingProcedure', row.outgoing, 'importProcedure.outgoingProcedure');
 * ```
 */
export function assertValidCode<N extends CodeListName>(
  name: N,
  code: string,
  field?: string,
): asserts code is CodeListCodes[N] {
  if (!isValidCode(name, code)) throw new InvalidCodeError(name, code, field);
}
