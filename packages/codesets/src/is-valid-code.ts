import type { CodeListCodes, CodeListName } from './generated/registry.js';
import { indexOf } from './lib/lookup.js';

/**
 * True when `code` is a code of the list `name` (exact, case-sensitive: Customs compares codes as sent).
 * Non-string values are never valid.
 *
 * @throws TypeError when `name` is not a bundled list.
 * @example
 * ```ts
 * isValidCode('CL754', 'N740');          // true
 * isValidCode('ImportProcedure', 'FOO'); // false
 * ```
 */
export function isValidCode<N extends CodeListName>(name: N, code: unknown): code is CodeListCodes[N] {
  const index = indexOf(name);
  return typeof code === 'string' && index.has(code);
}
