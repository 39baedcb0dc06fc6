import type { ProcedureWarning, ValidationErrorListItem } from '../types.js';
import {
  CUDE, CUDE_FIELDS, IMPORT_PROCEDURE_CODES, N820, NATO_FORM_302, OBSOLETE_TYPE_OF_EXPORT_CODES,
  OUTGOING_PROCEDURE_CODES, TYPE_OF_EXPORT_CODES, isOneOf,
} from './codes.js';
import type { TransportMode } from './codes.js';
import * as text from './customs-texts.js';
import { isValidExportId } from '@tollkit/codesets';
import type { ReadInput } from './read-input.js';
import { CUDE_IMPORT_PROCEDURES, MODE_VARIANTS } from './tables.js';

/** VOEC applies up to this value per item (NOK, excl. VAT, freight, insurance). */
export const VOEC_MAX_ITEM_VALUE_NOK = 3000;

/** Import procedures the mode accepts as a code: the code list, plus NATO_FORM_302 where the mode's page lists it. */
export function importProcedureCodesFor(mode: TransportMode): readonly string[] {
  const natoListed = (MODE_VARIANTS.get(mode) ?? []).some((v) => v.importProcedure === NATO_FORM_302);
  return natoListed ? [...IMPORT_PROCEDURE_CODES, NATO_FORM_302] : IMPORT_PROCEDURE_CODES;
}

/**
 * The outright rejections of docs/digitoll.md §9.3 steps 1, 2, 5–9 and §13.2 (A1 for importProcedure and
 * typeOfExport, A3, A6, A8, A11, A13, A15–A23), in message order. They do not depend on which variant
 * the combination is. `typeOfReference` against CL228 is a plain code-list check and is left to
 * `@tollkit/messages` (it would otherwise be reported twice); an unknown type only earns a
 * `PROCEDURE_UNEXPECTED_ELEMENT` warning here.
 */
export function checkRejections(
  input: ReadInput,
  mode: TransportMode,
  p: string,
  warnings: ProcedureWarning[],
): ValidationErrorListItem[] {
  const errors: ValidationErrorListItem[] = [];
  const { importProcedure, outgoingProcedure } = input;

  // Step 1 / A1 and step 2 / A6: the two codes.
  const importCodes = importProcedureCodesFor(mode);
  if (importProcedure !== undefined && !importCodes.includes(importProcedure)) {
    errors.push(text.invalidCode(importCodes, `${p}.importProcedure.importProcedure`));
  }
  if (outgoingProcedure !== undefined && !isOneOf(OUTGOING_PROCEDURE_CODES, outgoingProcedure)) {
    errors.push(text.invalidOutgoingProcedure(OUTGOING_PROCEDURE_CODES, p));
  }
  // hasOutgoingProcedure true (or omitted, read as true) requires outgoingProcedure.
  if (input.hasImportProcedureObject && outgoingProcedure === undefined && input.hasOutgoingProcedure !== false) {
    errors.push(text.outgoingProcedureRequired(p));
  }

  // A18: previousDocuments need an importProcedure.
  if (input.counts.previousDocuments > 0 && importProcedure === undefined) errors.push(text.importProcedureRequired(p));

  // Step 8 / A19: at most one CUDE.
  const cudes = input.previousDocuments.filter((d) => d.typeOfReference === CUDE);
  if (cudes.length > 1) errors.push(text.moreThanOneCude(p));

  const seenReferences = new Set<string>();
  const seenCudes = new Set<string>();
  const judgeCude = importProcedure !== undefined && importCodes.includes(importProcedure);
  const usesCude = judgeCude && CUDE_IMPORT_PROCEDURES.has(importProcedure);
  for (const doc of input.previousDocuments) {
    const i = doc.index;
    if (doc.typeOfReference === CUDE) {
      // A17: the declaration id needs all three parts.
      for (const field of CUDE_FIELDS) if (doc[field] === undefined) errors.push(text.cudeFieldRequired(p, i, field));
      // A22: the same declaration twice.
      const { declarantNumber, declarationDate, sequenceNumber } = doc;
      if (declarantNumber !== undefined && declarationDate !== undefined && sequenceNumber !== undefined) {
        const key = JSON.stringify([declarantNumber, declarationDate, sequenceNumber]);
        if (seenCudes.has(key)) errors.push(text.duplicateCude({ declarantNumber, declarationDate, sequenceNumber }, p, i));
        seenCudes.add(key);
      }
    } else if (doc.referenceNumber === undefined) {
      // Step 8 / A20: every other entry needs its reference.
      errors.push(text.referenceNumberRequired(p, i));
    }
    // Step 9 / A15: declaration fields only with a procedure that references a declaration.
    if (judgeCude && !usesCude) {
      for (const field of CUDE_FIELDS) {
        if (doc[field] !== undefined) errors.push(text.cudeFieldNotAllowed(importProcedure, p, i, field));
      }
    }
    // Step 7 / A16: no transit reference when the procedure up to the border is export only.
    if (outgoingProcedure === 'EXP' && doc.typeOfReference === N820) errors.push(text.transitWithExport(p, i));
    // Step 8 / A21: one entry per reference.
    if (doc.referenceNumber !== undefined) {
      if (seenReferences.has(doc.referenceNumber)) errors.push(text.duplicateReferenceNumber(doc.referenceNumber, p, i));
      seenReferences.add(doc.referenceNumber);
    }
  }

  // Step 6 / A8: no export with outgoing TRA.
  if (outgoingProcedure === 'TRA' && input.counts.exportFromEU > 0) errors.push(text.exportFromEuWithTransit(p));
  const seenExports = new Set<string>();
  for (const entry of input.exportFromEU) {
    const i = entry.index;
    const { typeOfExport, exportId } = entry;
    if (typeOfExport !== undefined && !isOneOf(TYPE_OF_EXPORT_CODES, typeOfExport)) {
      errors.push(text.invalidCode(TYPE_OF_EXPORT_CODES, `${p}.exportFromEU[${i}].typeOfExport`));
      if (OBSOLETE_TYPE_OF_EXPORT_CODES.includes(typeOfExport)) {
        warnings.push({
          code: 'PROCEDURE_TYPE_OF_EXPORT_OBSOLETE',
          message: `typeOfExport ${typeOfExport} is obsolete (still seen in old examples); use one of ${TYPE_OF_EXPORT_CODES.join(', ')}`,
          messageElementPath: `${p}.exportFromEU[${i}].typeOfExport`,
        });
      }
    } else if (typeOfExport !== undefined && exportId !== undefined && !isValidExportId(typeOfExport, exportId)) {
      // A3: exportId must fit its type.
      errors.push(text.invalidExportIdFormat(typeOfExport, `${p}.exportFromEU[${i}].exportId`));
    }
    // Step 8 / A23: one entry per export.
    if (exportId !== undefined) {
      if (seenExports.has(exportId)) errors.push(text.duplicateExportId(exportId, p, i));
      seenExports.add(exportId);
    }
  }

  // Step 5 / A13: goods items only for VOEC; A11: VOEC only up to NOK 3 000 per item.
  if (input.counts.goodsItem > 0 && importProcedure !== 'IMMEDIATE_RELEASE_VOEC') {
    errors.push(text.goodsItemWithoutVoec(p));
  } else {
    for (const goods of input.goodsItem) {
      if (goods.value !== undefined && goods.value > VOEC_MAX_ITEM_VALUE_NOK) errors.push(text.voecValueTooHigh(p, goods.index));
    }
  }
  return errors;
}
