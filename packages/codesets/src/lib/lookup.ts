/** Lazily built, cached indexes over the generated data. */
import { CODE_LIST_SOURCES, type CodeListName } from '../generated/registry.js';
import type { CodeEntry } from '../types.js';

const indexes = new Map<CodeListName, ReadonlyMap<string, CodeEntry>>();

/** True when `name` is the name of a bundled code list. */
export function isCodeListName(name: unknown): name is CodeListName {
  return typeof name === 'string' && Object.hasOwn(CODE_LIST_SOURCES, name);
}

/** The code → entry index of a list; throws `TypeError` for an unknown list name. */
export function indexOf(name: CodeListName): ReadonlyMap<string, CodeEntry> {
  let index = indexes.get(name);
  if (index === undefined) {
    if (!isCodeListName(name)) throw new TypeError(`unknown code list ${JSON.stringify(name)}`);
    index = new Map(CODE_LIST_SOURCES[name].entries.map((entry) => [entry.code, Object.freeze(entry)]));
    indexes.set(name, index);
  }
  return index;
}

