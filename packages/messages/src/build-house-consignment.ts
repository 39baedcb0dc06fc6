import type { BuildOptions, HouseConsignmentDraft } from './drafts.js';
import { compact, issueDate } from './lib/build-helpers.js';
import type { HouseConsignment, ImportProcedure } from './schemas/house-consignment.js';

/**
 * Builds a house consignment body from a draft, stamping `documentIssueDate`.
 *
 * Always sends `importProcedure.hasOutgoingProcedure` explicitly — Customs assumes `true` when it is
 * omitted (§7.2, enums.md §3) — derived from whether `outgoingProcedure` is present (§9.3 step 4);
 * a contradicting value in the draft is replaced. Does not validate.
 *
 * @throws TypeError for an invalid `documentIssueDate`.
 * @example
 * ```ts
 * declare const draft: HouseConsignmentDraft;
 * const body = buildHouseConsignment(draft, { documentIssueDate: new Date() });
 * body.consignmentHouseLevel.importProcedure?.hasOutgoingProcedure; // false when no outgoingProcedure
 * ```
 */
export function buildHouseConsignment(draft: HouseConsignmentDraft, options: BuildOptions): HouseConsignment {
  const body = compact(draft);
  const procedure: ImportProcedure = { ...body.consignmentHouseLevel.importProcedure };
  const outgoing = procedure.outgoingProcedure;
  procedure.hasOutgoingProcedure = outgoing !== undefined && outgoing.trim() !== '';
  return {
    documentIssueDate: issueDate(options.documentIssueDate),
    ...body,
    consignmentHouseLevel: { ...body.consignmentHouseLevel, importProcedure: procedure },
  };
}
