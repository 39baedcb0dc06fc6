import type { ProcedureVariant } from './types.js';
import { VARIANTS } from './lib/tables.js';

/**
 * Customs' 33 procedure variants (variants.json numbering) with their English and Norwegian texts,
 * required references, reason codes and the modes that list them.
 *
 * @example
 * ```ts
 * listVariants().find((v) => v.variant === 6)?.description.en[0]; // 'Transit should start at the border.'
 * ```
 */
export function listVariants(): readonly ProcedureVariant[] {
  return [...VARIANTS.values()];
}

/**
 * One variant by Customs' number, or `undefined` when there is no such variant.
 *
 * @example
 * ```ts
 * getVariant(24)?.requiredReferences.map((r) => r.element); // ['previousDocuments', 'exportFromEU']
 * ```
 */
export function getVariant(variant: number): ProcedureVariant | undefined {
  return VARIANTS.get(variant);
}
