import { formatPath } from './lib/path.js';

function walk(input: unknown, output: unknown, path: PropertyKey[], out: string[]): void {
  if (Array.isArray(input)) {
    if (!Array.isArray(output)) return;
    input.forEach((item, i) => walk(item, output[i], [...path, i], out));
    return;
  }
  if (typeof input !== 'object' || input === null) return;
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return;
  const kept = output as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (!(key in kept)) out.push(formatPath([...path, key]));
    else walk(value, kept[key], [...path, key], out);
  }
}

/**
 * Members of a request body that Customs would silently ignore: present (not `null`) in `body`
 * but not in the model, e.g. a misspelt `harmonizedSystemSubHeadingCode` or road-v1 leftovers
 * such as `declarant`. Pass the body and the `value` a successful validation returned.
 *
 * @example
 * ```ts
 * declare const json: unknown; // a house consignment as parsed JSON
 * const r = validateNotification('house-consignment', json, 'road');
 * if (r.ok) findIgnoredFields(json, r.value); // ['consignmentHouseLevel.referenceNumberUCR']
 * ```
 */
export function findIgnoredFields(body: unknown, value: unknown): string[] {
  const out: string[] = [];
  walk(body, value, [], out);
  return out;
}
