import type { IncompleteDocumentationReasonCode } from './codes.js';
import { N820, RETR } from './codes.js';
import type { RequiredReference } from '../types.js';
import { ProcedureTableInvalidError } from '../errors.js';

/** A required reference before its reason code is known. */
export type UnattributedReference = RequiredReference extends infer R
  ? R extends RequiredReference ? Omit<R, 'reason'> : never
  : never;

/**
 * Which reason code belongs to a required reference, per the code list's own definitions
 * (IncompleteDocumentationReason.csv): EXP ↔ the exportFromEU list, TRA ↔ the transit MRN/LRN
 * (N820, RETR), VOEC ↔ goodsItem. Any other reference (CUDE, GONU, carnets, NATO form) is the
 * variant's main reference and takes the one remaining code of the variant's list – that is where
 * the tables differ (road warehouse: INCOMPLETE_DOCUMENTATION; air: INCOMPLETE_CUDE_DOCUMENTATION).
 */
function fixedReasonOf(ref: UnattributedReference): IncompleteDocumentationReasonCode | undefined {
  switch (ref.element) {
    case 'exportFromEU':
      return 'INCOMPLETE_EXP_DOCUMENTATION';
    case 'goodsItem':
      return 'INCOMPLETE_VOEC_DOCUMENTATION';
    case 'previousDocuments':
      return ref.typeOfReference === N820 || ref.typeOfReference === RETR ? 'INCOMPLETE_TRA_DOCUMENTATION' : undefined;
  }
}

/**
 * Distributes a variant's published reason codes over its required references, and checks that
 * every code is used and every reference gets exactly one code.
 */
export function attributeReasons(
  where: string,
  refs: readonly UnattributedReference[],
  reasons: readonly IncompleteDocumentationReasonCode[],
): RequiredReference[] {
  const fixed = new Set(refs.map(fixedReasonOf).filter((r) => r !== undefined));
  const remaining = reasons.filter((r) => !fixed.has(r));
  const out: RequiredReference[] = [];
  let mainCount = 0;
  for (const ref of refs) {
    const reason = fixedReasonOf(ref) ?? remaining[0];
    if (fixedReasonOf(ref) === undefined) mainCount += 1;
    if (reason === undefined || !reasons.includes(reason)) {
      throw new ProcedureTableInvalidError(`${where}: no reason code listed for ${describeReference(ref)}`);
    }
    out.push({ ...ref, reason } as RequiredReference);
  }
  if (mainCount > 1 || remaining.length !== mainCount) {
    throw new ProcedureTableInvalidError(
      `${where}: reason codes [${reasons.join(', ')}] do not match the required references ` +
        `[${refs.map(describeReference).join(', ')}]`,
    );
  }
  return out;
}

/** Short human label of a required reference, e.g. `previousDocuments CUDE`. */
export function describeReference(ref: UnattributedReference | RequiredReference): string {
  switch (ref.element) {
    case 'previousDocuments':
      return `previousDocuments entry ${ref.typeOfReference}`;
    case 'exportFromEU':
      return `exportFromEU (at least one of ${ref.typeOfExport.join(', ')})`;
    case 'goodsItem':
      return 'goodsItem (at least one complete VOEC item)';
  }
}

/** Identity of a reference for comparisons: element and reference type. */
export function referenceKey(ref: UnattributedReference | RequiredReference): string {
  return ref.element === 'previousDocuments' ? `previousDocuments:${ref.typeOfReference}` : ref.element;
}
