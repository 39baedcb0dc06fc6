import type { MissingReference, ProcedureVariant, RequiredReference } from '../types.js';
import type { ReadInput } from './read-input.js';

/** Path of the element a required reference lives in. */
export function referencePath(ref: RequiredReference, p: string): string {
  return `${p}.${ref.element}`;
}

/** Whether the input carries the required reference (presence only; malformed entries are errors elsewhere). */
export function isSatisfied(ref: RequiredReference, input: ReadInput): boolean {
  switch (ref.element) {
    case 'previousDocuments':
      return input.previousDocuments.some((d) => d.typeOfReference === ref.typeOfReference);
    case 'exportFromEU':
      // "When export type and/or export ID is not given in the ExportFromEu list" (IncompleteDocumentationReason).
      return input.exportFromEU.some((e) => e.exportId !== undefined && e.typeOfExport !== undefined);
    case 'goodsItem':
      // "When ConsignmentHouseLevel→GoodsItem is incomplete": every item needs every VOEC field.
      return input.goodsItem.length > 0 && input.goodsItem.every((g) => ref.fields.every((f) => g[f] !== undefined));
  }
}

/** The required references the input lacks. */
export function missingReferences(refs: readonly RequiredReference[], input: ReadInput, p: string): MissingReference[] {
  return refs.filter((r) => !isSatisfied(r, input)).map((reference) => ({ reference, messageElementPath: referencePath(reference, p) }));
}

/**
 * Picks the variant among those sharing importProcedure × outgoingProcedure (only WAREHOUSE_RELEASE
 * has two: CUDE, or GONU during the transition): the one whose references the input carries most
 * of; then one the mode lists; then the lower number (the declaration-based one).
 */
export function pickVariant(
  candidates: readonly ProcedureVariant[],
  input: ReadInput,
  listedForMode: readonly number[],
): ProcedureVariant | undefined {
  const score = (v: ProcedureVariant): number =>
    v.requiredReferences.filter((r) => r.element === 'previousDocuments' && isSatisfied(r, input)).length;
  return [...candidates].sort(
    (a, b) =>
      score(b) - score(a) ||
      Number(listedForMode.includes(b.variant)) - Number(listedForMode.includes(a.variant)) ||
      a.variant - b.variant,
  )[0];
}
