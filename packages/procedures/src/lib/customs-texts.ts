/**
 * Customs' asynchronous error texts (docs/digitoll.md §13.2), literal, with their element paths.
 * `p` is the path prefix, normally `consignmentHouseLevel`.
 */
import type { ValidationErrorListItem } from '../types.js';

function item(description: string, messageElementPath: string): ValidationErrorListItem {
  return { description, pointer: { messageElementPath } };
}

/** Renders a code list the way Customs' texts print it: `[A, B, C]`. */
export function codeListText(codes: readonly string[]): string {
  return `[${codes.join(', ')}]`;
}

/** A1 – value not in the code list. */
export const invalidCode = (codes: readonly string[], path: string): ValidationErrorListItem =>
  item(`Invalid code. Expected codes are one of ${codeListText(codes)}`, path);

/** A3 – exportId does not fit its typeOfExport. */
export const invalidExportIdFormat = (typeOfExport: string, path: string): ValidationErrorListItem =>
  item(`Invalid MRN format for export of type ${typeOfExport}`, path);

/** A6 – outgoingProcedure not TRA/EXP/TRE. */
export const invalidOutgoingProcedure = (codes: readonly string[], p: string): ValidationErrorListItem =>
  item(`When field is provided, it has to be one of ${codeListText(codes)}`, `${p}.importProcedure.outgoingProcedure`);

/** A8 – exportFromEU with outgoing TRA. */
export const exportFromEuWithTransit = (p: string): ValidationErrorListItem =>
  item(
    'Field cannot have values when consignmentHouseLevel.importProcedure.outgoingProcedure is TRA',
    `${p}.exportFromEU`,
  );

/** A11 – VOEC item value above NOK 3 000. */
export const voecValueTooHigh = (p: string, i: number): ValidationErrorListItem =>
  item(
    'When item value exceeds NOK 3000, a regular import declaration has to be submitted',
    `${p}.goodsItem[${i}].itemAmountInvoicedVOEC.value`,
  );

/** A13 – goodsItem without the VOEC procedure. */
export const goodsItemWithoutVoec = (p: string): ValidationErrorListItem =>
  item(
    'If consignmentHouseLevel.importProcedure.importProcedure is not IMMEDIATE_RELEASE_VOEC, it should not be provided.',
    `${p}.goodsItem`,
  );

/** A15 – CUDE field with a procedure that does not use a declaration. */
export const cudeFieldNotAllowed = (importProcedure: string, p: string, i: number, field: string): ValidationErrorListItem =>
  item(
    `Field cannot be filled out when consignmentHouseLevel.importProcedure is ${importProcedure}`,
    `${p}.previousDocuments[${i}].${field}`,
  );

/** A16 – N820 with outgoing EXP. */
export const transitWithExport = (p: string, i: number): ValidationErrorListItem =>
  item(
    'Field cannot have value N820 out when consignmentHouseLevel.outgoingProcedure is EXP',
    `${p}.previousDocuments[${i}].typeOfReference`,
  );

/** A17 – CUDE entry without one of its three fields. */
export const cudeFieldRequired = (p: string, i: number, field: string): ValidationErrorListItem =>
  item('Required field when typeReference is CUDE', `${p}.previousDocuments[${i}].${field}`);

/** A18 – previousDocuments without importProcedure. */
export const importProcedureRequired = (p: string): ValidationErrorListItem =>
  item(
    'importProcedure is required when any consignmentHouseLevel.previousDocuments[] is provided',
    `${p}.importProcedure`,
  );

/** A19 – more than one CUDE entry. */
export const moreThanOneCude = (p: string): ValidationErrorListItem =>
  item('PreviousDocuments can only contain one document of type CUDE', `${p}.previousDocuments`);

/** A20 – non-CUDE entry without referenceNumber. */
export const referenceNumberRequired = (p: string, i: number): ValidationErrorListItem =>
  item('Field should have value unless typeOfReference is CUDE', `${p}.previousDocuments[${i}].referenceNumber`);

/** A21 – two entries with the same referenceNumber. */
export const duplicateReferenceNumber = (referenceNumber: string, p: string, i: number): ValidationErrorListItem =>
  item(
    `Duplicate PreviousDocuments with referenceNumber: ${referenceNumber}`,
    `${p}.previousDocuments[${i}].referenceNumber`,
  );

/** A22 – two CUDE entries with the same declaration id. */
export const duplicateCude = (
  cude: { declarantNumber: string; declarationDate: string; sequenceNumber: string },
  p: string,
  i: number,
): ValidationErrorListItem =>
  item(
    `Duplicate PreviousDocuments of type CUDE with declarantNumber: ${cude.declarantNumber}, ` +
      `declarationDate: ${cude.declarationDate} and sequenceNumber: ${cude.sequenceNumber}`,
    `${p}.previousDocuments[${i}]`,
  );

/** A23 – two exportFromEU entries with the same exportId. */
export const duplicateExportId = (exportId: string, p: string, i: number): ValidationErrorListItem =>
  item(`Duplicate ExportFromEU with exportId: ${exportId}`, `${p}.exportFromEU[${i}].exportId`);

/**
 * `hasOutgoingProcedure` true — or omitted, which Customs reads as true (`sentrale-dataelementer-EN.html`,
 * docs/digitoll.md §7.2) — without an `outgoingProcedure`. Customs publishes no text for it; this one follows
 * A17's wording ("Required field when …").
 */
export const outgoingProcedureRequired = (p: string): ValidationErrorListItem =>
  item('Required field when hasOutgoingProcedure is true', `${p}.importProcedure.outgoingProcedure`);
