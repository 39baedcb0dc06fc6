import type { CodeListName } from './generated/registry.js';
import { indexOf } from './lib/lookup.js';
import type { Language } from './types.js';

/**
 * The description of a code in English (`'en'`, the default) or Norwegian (`'no'`).
 * Falls back to the other language when Customs publishes only one (three
 * `IncompleteDocumentationReason` codes have Norwegian text only).
 *
 * @returns the description, or `undefined` when the list does not contain `code`.
 * @throws TypeError when `name` is not a bundled list or `lang` is not `'en'` / `'no'`.
 * @example
 * ```ts
 * describeCode('CL018', '3');        // 'Road Transport'
 * describeCode('CL018', '3', 'no');  // 'Vegtransport'
 * ```
 */
export function describeCode(name: CodeListName, code: string, lang: Language = 'en'): string | undefined {
  if (lang !== 'en' && lang !== 'no') throw new TypeError(`lang must be 'en' or 'no', got ${JSON.stringify(lang)}`);
  const entry = indexOf(name).get(code);
  if (entry === undefined) return undefined;
  const [first, second] = lang === 'en' ? [entry.descriptionEn, entry.descriptionNo] : [entry.descriptionNo, entry.descriptionEn];
  return first !== '' ? first : second;
}
