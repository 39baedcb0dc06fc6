import type {
  AssessProcedureOptions, ProcedureAssessment, ProcedureInput, ProcedureWarning, RequiredReference,
} from './types.js';
import { IMPORT_PROCEDURE_CODES, INCOMPLETE_DOCUMENTATION_REASON_CODES, OUTGOING_PROCEDURE_CODES, TRANSPORT_MODES, isOneOf } from './lib/codes.js';
import type { IncompleteDocumentationReasonCode, TransportMode } from './lib/codes.js';
import { checkRejections, importProcedureCodesFor } from './lib/check-rejections.js';
import { readInput } from './lib/read-input.js';
import { describeReference } from './lib/reference-rules.js';
import { hasOutgoingProcedureWarnings, unusedElementWarnings } from './lib/usage-warnings.js';
import { missingReferences, pickVariant } from './lib/requirements.js';
import { MODE_VARIANTS, VARIANTS } from './lib/tables.js';

const DEFAULT_PATH_PREFIX = 'consignmentHouseLevel';

function combinationText(importProcedure: string, outgoingProcedure: string | undefined): string {
  return outgoingProcedure === undefined
    ? `${importProcedure} without outgoingProcedure`
    : `${importProcedure} with outgoingProcedure ${outgoingProcedure}`;
}

/**
 * Judges the customs procedure of a house consignment the way Customs will (docs/digitoll.md §9):
 * which of Customs' 33 variants it is, what Customs will report as INCOMPLETE (the consignment is
 * accepted but held at the border until the references arrive), which parts Customs rejects outright
 * (validation-status FAILURE, with Customs' texts and element paths), and what the mode's procedure
 * page does not list.
 *
 * `variant` names the combination even when `errors` is non-empty; with errors the message fails
 * instead of becoming INCOMPLETE. `hasOutgoingProcedure` is read as Customs reads it: omitted = `true`.
 *
 * @param input the consignmentHouseLevel (or just its importProcedure, previousDocuments, exportFromEU and goodsItem);
 *   values of the wrong type become `PROCEDURE_MALFORMED_INPUT` warnings, never exceptions.
 * @param mode transport mode of the notification API the house is sent to.
 * @throws {TypeError} when `mode` is not a transport mode or `input` is not an object.
 * @example
 * ```ts
 * const a = assessProcedure({
 *   importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
 *   previousDocuments: [{ typeOfReference: 'CUDE', declarantNumber: '913144929', declarationDate: '2022-03-01', sequenceNumber: '13881' }],
 * }, 'road');
 * a.variant;            // 2
 * a.incompleteReasons;  // ['INCOMPLETE_EXP_DOCUMENTATION']
 * ```
 */
export function assessProcedure(
  input: ProcedureInput,
  mode: TransportMode,
  options: AssessProcedureOptions = {},
): ProcedureAssessment {
  if (!isOneOf(TRANSPORT_MODES, mode)) {
    throw new TypeError(`mode must be one of ${TRANSPORT_MODES.join(', ')}, got ${String(mode)}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('input must be the consignmentHouseLevel object');
  }
  if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
    throw new TypeError(`options.date must be YYYY-MM-DD, got ${String(options.date)}`);
  }
  const p = options.pathPrefix ?? DEFAULT_PATH_PREFIX;
  const warnings: ProcedureWarning[] = [];
  const read = readInput(input, p, warnings);
  const errors = checkRejections(read, mode, p, warnings);
  const ipPath = `${p}.importProcedure`;
  const { importProcedure, outgoingProcedure } = read;

  // §7.2: Customs reads an omitted hasOutgoingProcedure as true.
  const hasOutgoingProcedure = read.hasOutgoingProcedure ?? true;
  warnings.push(...hasOutgoingProcedureWarnings(read, ipPath));

  const result = (
    variant: number | undefined,
    variantsForMode: readonly number[],
    missing: ProcedureAssessment['missing'] = [],
  ): ProcedureAssessment => {
    const reasons = new Set(missing.map((m) => m.reference.reason));
    const incompleteReasons: IncompleteDocumentationReasonCode[] = INCOMPLETE_DOCUMENTATION_REASON_CODES.filter((r) => reasons.has(r));
    return { variant, variantsForMode, incompleteReasons, errors, warnings, missing, hasOutgoingProcedure };
  };

  if (importProcedure === undefined) {
    warnings.push({
      code: 'PROCEDURE_IMPORT_PROCEDURE_MISSING',
      message: 'importProcedure.importProcedure is missing; Customs expects the procedure at the border on every house consignment',
      messageElementPath: `${ipPath}.importProcedure`,
    });
    return result(undefined, []);
  }
  if (!importProcedureCodesFor(mode).includes(importProcedure)) return result(undefined, []);
  if (outgoingProcedure !== undefined && !isOneOf(OUTGOING_PROCEDURE_CODES, outgoingProcedure)) return result(undefined, []);
  if (!isOneOf(IMPORT_PROCEDURE_CODES, importProcedure)) {
    warnings.push({
      code: 'PROCEDURE_IMPORT_PROCEDURE_NOT_IN_CODE_LIST',
      message: `${importProcedure} is on Customs' ${mode} procedure page but not in the ImportProcedure code list; Customs may reject it`,
      messageElementPath: `${ipPath}.importProcedure`,
    });
  }

  // Which variants name this combination, and which of them the mode's page lists.
  const modeRows = MODE_VARIANTS.get(mode) ?? [];
  const candidates = [...VARIANTS.values()].filter(
    (v) => v.importProcedure === importProcedure && v.outgoingProcedure === outgoingProcedure,
  );
  const variantsForMode = modeRows.filter((r) => candidates.some((c) => c.variant === r.variant)).map((r) => r.variant);
  const chosen = pickVariant(candidates, read, variantsForMode);
  if (chosen === undefined) {
    warnings.push({
      code: 'PROCEDURE_COMBINATION_NOT_LISTED_FOR_MODE',
      message: `${combinationText(importProcedure, outgoingProcedure)} is not a variant of Customs' procedure table for any mode`,
      messageElementPath: ipPath,
    });
    return result(undefined, variantsForMode);
  }
  const modeRow = modeRows.find((r) => r.variant === chosen.variant);
  if (modeRow === undefined) {
    warnings.push({
      code: 'PROCEDURE_COMBINATION_NOT_LISTED_FOR_MODE',
      message:
        `${combinationText(importProcedure, outgoingProcedure)} (variant ${chosen.variant}) is not listed for ${mode}; ` +
        `Customs lists it for ${chosen.modes.join(', ')}`,
      messageElementPath: ipPath,
    });
  }
  if (options.date !== undefined && chosen.transitionalUntil !== undefined && options.date >= chosen.transitionalUntil) {
    warnings.push({
      code: 'PROCEDURE_VARIANT_TRANSITION_ENDED',
      message:
        `variant ${chosen.variant} is a transitional arrangement that ended on ${chosen.transitionalUntil}; ` +
        'lodge a declaration (CUDE) instead of a goods number',
      messageElementPath: ipPath,
    });
  }
  // The mode's own reason codes and export types where it lists the variant, else Customs' main table.
  const required: readonly RequiredReference[] = modeRow?.requiredReferences ?? chosen.requiredReferences;
  const missing = missingReferences(required, read, p);
  for (const m of missing) {
    warnings.push({
      code: 'PROCEDURE_INCOMPLETE_DOCUMENTATION',
      message:
        `variant ${chosen.variant} needs ${describeReference(m.reference)}; until it is sent Customs reports ` +
        `${m.reference.reason} and the consignment waits at the border (ENTRY_PENDING)`,
      messageElementPath: m.messageElementPath,
    });
  }

  warnings.push(...unusedElementWarnings({ read, required, variant: chosen.variant, mode, p, errors }));
  return result(chosen.variant, variantsForMode, missing);
}
