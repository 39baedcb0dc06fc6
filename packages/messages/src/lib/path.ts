/**
 * Formats a zod/JS path the way Customs writes `field` and `messageElementPath`:
 * dotted keys with `[i]` for array indexes, no root prefix
 * (`consignmentMasterLevel[0].transportDocumentMasterLevel.type`).
 *
 * @example
 * ```ts
 * formatPath(['consignmentMasterLevel', 0, 'transportDocumentMasterLevel', 'type']);
 * // → 'consignmentMasterLevel[0].transportDocumentMasterLevel.type'
 * ```
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Known root prefixes seen in `messageElementPath` of older documents (§8.3). */
const ROOT_PREFIXES = ['transport.', 'masterConsignment.', 'houseConsignment.'] as const;

/**
 * Strips a leading `transport.` / `masterConsignment.` / `houseConsignment.` from a path Customs
 * returned, so it can be compared with local paths (docs/digitoll.md §8.3).
 *
 * @example stripRootPrefix('transport.activeBorderTransportMeans.typeOfIdentification')
 * // → 'activeBorderTransportMeans.typeOfIdentification'
 */
export function stripRootPrefix(path: string): string {
  for (const prefix of ROOT_PREFIXES) if (path.startsWith(prefix)) return path.slice(prefix.length);
  return path;
}
