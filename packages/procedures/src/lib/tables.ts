import type { ModeVariant, ProcedureVariant } from '../types.js';
import { CUDE } from './codes.js';
import type { TransportMode } from './codes.js';
import { buildModeVariants } from './mode-table.js';
import { buildBaseVariants } from './variant-table.js';

const base = buildBaseVariants();
const modeVariants = buildModeVariants(base);

function freeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) freeze(inner);
  }
  return value;
}

/** Every variant by Customs' number, ascending. */
export const VARIANTS: ReadonlyMap<number, ProcedureVariant> = new Map(
  [...base.values()]
    .sort((a, b) => a.variant - b.variant)
    .map((v) => [
      v.variant,
      freeze({
        ...v,
        modes: [...modeVariants].filter(([, rows]) => rows.some((r) => r.variant === v.variant)).map(([mode]) => mode),
      }),
    ]),
);

/** Each mode's accepted variants, in the order of the mode's page. */
export const MODE_VARIANTS: ReadonlyMap<TransportMode, readonly ModeVariant[]> = new Map(
  [...modeVariants].map(([mode, rows]) => [mode, freeze(rows)]),
);

/** Import procedures whose variants reference a TVINN declaration (CUDE) – the only ones that may carry CUDE fields. */
export const CUDE_IMPORT_PROCEDURES: ReadonlySet<string> = new Set(
  [...VARIANTS.values()]
    .filter((v) => v.requiredReferences.some((r) => r.element === 'previousDocuments' && r.typeOfReference === CUDE))
    .map((v) => v.importProcedure),
);

