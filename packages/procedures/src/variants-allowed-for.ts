import type { ModeVariant } from './types.js';
import { TRANSPORT_MODES, isOneOf } from './lib/codes.js';
import type { TransportMode } from './lib/codes.js';
import { MODE_VARIANTS } from './lib/tables.js';

/**
 * The variants one mode's procedure page lists (docs/digitoll.md §9.2), in page order, with Customs'
 * canonical number, the label printed on that page (rail prints "11" for variant 14 and "17" for
 * variant 22), and the mode's own requirements.
 *
 * @throws {TypeError} for an unknown mode.
 * @example
 * ```ts
 * variantsAllowedFor('air').map((v) => v.variant); // [1, 7, 11, 15, 19, 27, 28, 30, 31, 32, 33]
 * ```
 */
export function variantsAllowedFor(mode: TransportMode): readonly ModeVariant[] {
  if (!isOneOf(TRANSPORT_MODES, mode)) throw new TypeError(`mode must be one of ${TRANSPORT_MODES.join(', ')}, got ${String(mode)}`);
  return MODE_VARIANTS.get(mode) ?? [];
}
