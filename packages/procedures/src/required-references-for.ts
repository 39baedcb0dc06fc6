import type { RequiredReference } from './types.js';
import { TRANSPORT_MODES, isOneOf } from './lib/codes.js';
import type { TransportMode } from './lib/codes.js';
import { MODE_VARIANTS, VARIANTS } from './lib/tables.js';

/**
 * What a variant requires so that Customs does not report it INCOMPLETE: the `previousDocuments`
 * entries (with their fields), the `exportFromEU` list and the VOEC `goodsItem` list, each with the
 * reason code Customs reports when it is missing. With `mode`, the mode's own table is used (export
 * types and reason codes differ: e.g. air lists no EIDR_EXPORT, and air reports a missing warehouse
 * declaration as INCOMPLETE_CUDE_DOCUMENTATION where road says INCOMPLETE_DOCUMENTATION).
 *
 * @throws {TypeError} for an unknown variant or mode, or a variant the mode does not list.
 * @example
 * ```ts
 * requiredReferencesFor(5); // [{ element: 'previousDocuments', typeOfReference: 'N820', fields: ['referenceNumber'], reason: 'INCOMPLETE_TRA_DOCUMENTATION' }]
 * ```
 */
export function requiredReferencesFor(variant: number, mode?: TransportMode): readonly RequiredReference[] {
  const base = VARIANTS.get(variant);
  if (base === undefined) throw new TypeError(`unknown procedure variant ${String(variant)} (Customs numbers them 1..${VARIANTS.size})`);
  if (mode === undefined) return base.requiredReferences;
  if (!isOneOf(TRANSPORT_MODES, mode)) throw new TypeError(`mode must be one of ${TRANSPORT_MODES.join(', ')}, got ${String(mode)}`);
  const row = MODE_VARIANTS.get(mode)?.find((r) => r.variant === variant);
  if (row === undefined) throw new TypeError(`variant ${variant} is not listed for ${mode} (listed for ${base.modes.join(', ')})`);
  return row.requiredReferences;
}
