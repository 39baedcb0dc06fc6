import { CODE_LIST_SOURCES, type CodeListCodes, type CodeListName } from './generated/registry.js';
import { indexOf } from './lib/lookup.js';
import type { CodeEntry } from './types.js';

/** A bundled code list with constant-time lookups. */
export interface CodeList<N extends CodeListName = CodeListName> {
  /** The list's name, e.g. `'CL754'`. */
  readonly name: N;
  /** Title of the list on Customs' page, e.g. `'Transport document type'`. */
  readonly title: string;
  /** Where the Digitoll messages use the list. */
  readonly usedBy: string;
  /** The rows in the order of Customs' page. */
  readonly entries: readonly CodeEntry<CodeListCodes[N]>[];
  /**
   * True when `code` is a code of this list (exact, case-sensitive match); narrows `code` to the list's codes.
   *
   * @example
   * ```ts
   * const type: string = 'N740';
   * if (getCodeList('CL754').has(type)) console.log(type); // type: 'N740' | 'N741' | …
   * ```
   */
  has(code: string): code is CodeListCodes[N];
  /**
   * The entry for `code`, or `undefined` when the list does not contain it.
   *
   * @example
   * ```ts
   * getCodeList('CL754').lookup('N740')?.descriptionEn; // 'Air waybill'
   * ```
   */
  lookup(code: string): CodeEntry<CodeListCodes[N]> | undefined;
}

const cache = new Map<CodeListName, CodeList>();

/**
 * Returns a bundled code list.
 *
 * @throws TypeError when `name` is not a bundled list.
 * @example
 * ```ts
 * const cl754 = getCodeList('CL754');
 * cl754.has('N740');                    // true
 * cl754.lookup('N740')?.descriptionEn;  // 'Air waybill'
 * ```
 */
export function getCodeList<N extends CodeListName>(name: N): CodeList<N> {
  const cached = cache.get(name);
  if (cached !== undefined) return cached as unknown as CodeList<N>;
  const index = indexOf(name);
  const source = CODE_LIST_SOURCES[name];
  const list: CodeList<N> = Object.freeze({
    name,
    title: source.title,
    usedBy: source.usedBy,
    entries: Object.freeze([...index.values()]) as readonly CodeEntry<CodeListCodes[N]>[],
    has: (code: string): code is CodeListCodes[N] => index.has(code),
    lookup: (code: string) => index.get(code) as CodeEntry<CodeListCodes[N]> | undefined,
  });
  cache.set(name, list as unknown as CodeList);
  return list;
}
