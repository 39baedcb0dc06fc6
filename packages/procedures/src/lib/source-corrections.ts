/**
 * Defects of Customs' published procedure pages that the bundled tables still carry, and the
 * decisions taken (docs/digitoll.md §9.5). Structural defects are found by rule in `variant-table.ts`
 * (each correction is recorded on the variant); text-only defects cannot be found by rule and are
 * listed here.
 */

/** Description lines swapped between two variants on both the EN and NO page. */
export interface DescriptionSwap {
  readonly variants: readonly [number, number];
  /** Index of the swapped line in both descriptions. */
  readonly line: number;
  readonly reason: string;
}

export const DESCRIPTION_SWAPS: readonly DescriptionSwap[] = [
  {
    variants: [25, 26],
    line: 2,
    reason:
      'descriptive texts of V25/V26 are swapped on both the EN and NO page; the coded rows (V25 = TRA, V26 = TRE) are followed',
  },
];
