/**
 * The single seam to `@tollkit/procedures`: the procedure rules of a house (§9, A1/A3/A6/A8/A11/
 * A13/A15–A23) come from `assessProcedure`.
 */
import type { TransportMode } from '@tollkit/codesets';
import { type ProcedureAssessment, assessProcedure } from '@tollkit/procedures';
import type { ConsignmentHouseLevel } from '../../schemas/house-consignment.js';
import type { ValidationErrorListItem } from '../../types.js';

/** Errors Customs reports for the house's procedure combination; `onAssessment` receives the whole assessment. */
export function procedureErrors(
  level: ConsignmentHouseLevel,
  mode: TransportMode,
  onAssessment?: (assessment: ProcedureAssessment) => void,
): ValidationErrorListItem[] {
  const assessment = assessProcedure(level, mode, { pathPrefix: 'consignmentHouseLevel' });
  onAssessment?.(assessment);
  return assessment.errors;
}
