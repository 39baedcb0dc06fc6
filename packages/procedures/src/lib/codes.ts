/**
 * The Digitoll codes the procedure rules reason about, taken from `@tollkit/codesets` (the code
 * lists' own order is used to render Customs' "Expected codes are one of [...]" texts), plus the
 * few names the rules themselves use.
 */
import {
  IMPORT_PROCEDURE_CODES as CODESET_IMPORT_PROCEDURE_CODES,
  INCOMPLETE_DOCUMENTATION_REASON_CODES as CODESET_REASON_CODES, OBSOLETE_TYPE_OF_EXPORT_VALUES,
  OUTGOING_PROCEDURE_CODES as CODESET_OUTGOING_PROCEDURE_CODES, TB_EXPORTTYPE_CODES,
} from '@tollkit/codesets';
import type {
  ImportProcedureCode, IncompleteDocumentationReasonCode, OutgoingProcedureCode, TransportMode, TypeOfExport,
} from '@tollkit/codesets';

export type { ImportProcedureCode, IncompleteDocumentationReasonCode, OutgoingProcedureCode, TransportMode, TypeOfExport };

/** The transport modes in the order Customs' procedure pages come (road, air, rail, maritime). */
export const TRANSPORT_MODES: readonly TransportMode[] = ['road', 'air', 'rail', 'maritime'];

/** `ImportProcedure` codes in code-list order. */
export const IMPORT_PROCEDURE_CODES: readonly ImportProcedureCode[] = CODESET_IMPORT_PROCEDURE_CODES;
/** The road-only procedure that is absent from the code list (docs/digitoll.md §9.1, enums.md §2). */
export const NATO_FORM_302 = 'NATO_FORM_302';
/** An import procedure a variant can name: the code list plus NATO_FORM_302. */
export type VariantImportProcedure = ImportProcedureCode | typeof NATO_FORM_302;

/** `OutgoingProcedure` codes in code-list order (TRA, EXP, TRE). */
export const OUTGOING_PROCEDURE_CODES: readonly OutgoingProcedureCode[] = CODESET_OUTGOING_PROCEDURE_CODES;
/** `TB_EXPORTTYPE` codes in code-list order. */
export const TYPE_OF_EXPORT_CODES: readonly TypeOfExport[] = TB_EXPORTTYPE_CODES;
/** Export types seen in older documents and examples that Customs no longer accepts (enums.md §4). */
export const OBSOLETE_TYPE_OF_EXPORT_CODES: readonly string[] = OBSOLETE_TYPE_OF_EXPORT_VALUES;
/** `IncompleteDocumentationReason` codes in code-list order. */
export const INCOMPLETE_DOCUMENTATION_REASON_CODES: readonly IncompleteDocumentationReasonCode[] = CODESET_REASON_CODES;

/** `previousDocuments[].typeOfReference` values the rules name. */
export const CUDE = 'CUDE';
export const N820 = 'N820';
export const RETR = 'RETR';

/** The fields of a CUDE entry (the TVINN declaration id). */
export const CUDE_FIELDS = ['declarantNumber', 'declarationDate', 'sequenceNumber'] as const;
/** One of {@link CUDE_FIELDS}. */
export type CudeField = (typeof CUDE_FIELDS)[number];

/** Membership test that narrows. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
