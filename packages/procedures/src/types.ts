import type {
  CudeField, ImportProcedureCode, IncompleteDocumentationReasonCode, OutgoingProcedureCode, TransportMode,
  TypeOfExport, VariantImportProcedure,
} from './lib/codes.js';

/**
 * Customs' asynchronous error shape (validation-status `FAILURE`, docs/digitoll.md §13.2).
 * `messageElementPath` is the dotted path with `[i]` indexes, e.g.
 * `consignmentHouseLevel.previousDocuments[1].referenceNumber`.
 */
export interface ValidationErrorListItem {
  description: string;
  pointer: { messageElementPath: string };
}

/** One `consignmentHouseLevel.previousDocuments[]` entry (all optional: the rules judge partial data). */
export interface PreviousDocument {
  typeOfReference?: string | undefined;
  referenceNumber?: string | undefined;
  declarantNumber?: string | undefined;
  declarationDate?: string | undefined;
  sequenceNumber?: string | undefined;
}

/** One `consignmentHouseLevel.exportFromEU[]` entry. */
export interface ExportFromEU {
  exportId?: string | undefined;
  typeOfExport?: string | undefined;
}

/** One `consignmentHouseLevel.goodsItem[]` entry (VOEC only). */
export interface GoodsItem {
  itemAmountInvoicedVOEC?: { value?: number | undefined; numberOfItems?: number | undefined } | undefined;
  commodityCodeVOEC?: { harmonizedSystemSubheadingCode?: string | undefined } | undefined;
  additionalFiscalReferences?: { vatIdentificationNumber?: string | undefined; role?: string | undefined } | undefined;
}

/** `consignmentHouseLevel.importProcedure`. */
export interface ImportProcedure {
  importProcedure?: string | undefined;
  outgoingProcedure?: string | undefined;
  /** Customs assumes `true` when omitted (docs/digitoll.md §7.2) – send `false` when there is no outgoing procedure. */
  hasOutgoingProcedure?: boolean | undefined;
}

/** The parts of `consignmentHouseLevel` the procedure rules read. A whole house consignment level fits. */
export interface ProcedureInput {
  importProcedure?: ImportProcedure | undefined;
  previousDocuments?: readonly PreviousDocument[] | undefined;
  exportFromEU?: readonly ExportFromEU[] | undefined;
  goodsItem?: readonly GoodsItem[] | undefined;
}

/** The fields of a goods item that VOEC variants require. */
export type VoecField = 'value' | 'numberOfItems' | 'harmonizedSystemSubheadingCode' | 'vatIdentificationNumber';

/** A `previousDocuments` entry a variant requires. */
export interface RequiredPreviousDocument {
  element: 'previousDocuments';
  typeOfReference: string;
  /** Fields the entry must carry: `referenceNumber`, or the CUDE triple. */
  fields: readonly ('referenceNumber' | CudeField)[];
  /** What Customs reports when the entry is missing. */
  reason: IncompleteDocumentationReasonCode;
}

/** The `exportFromEU` list (≥ 1 entry) a variant requires. */
export interface RequiredExportFromEU {
  element: 'exportFromEU';
  /** Export types the variant lists (air/rail/maritime: no EIDR_EXPORT). */
  typeOfExport: readonly TypeOfExport[];
  fields: readonly ('exportId' | 'typeOfExport')[];
  reason: IncompleteDocumentationReasonCode;
}

/** The `goodsItem` list (≥ 1 complete entry) a VOEC variant requires. */
export interface RequiredGoodsItem {
  element: 'goodsItem';
  fields: readonly VoecField[];
  reason: IncompleteDocumentationReasonCode;
}

/** One reference a variant requires; missing it makes the consignment INCOMPLETE with `reason`. */
export type RequiredReference = RequiredPreviousDocument | RequiredExportFromEU | RequiredGoodsItem;

/** A variant as Customs publishes it (variants.json), with its texts. */
export interface ProcedureVariant {
  /** Customs' number, 1..33. */
  variant: number;
  importProcedure: VariantImportProcedure;
  /** `undefined` = no outgoing procedure. */
  outgoingProcedure: OutgoingProcedureCode | undefined;
  /** The value to send. */
  hasOutgoingProcedure: boolean;
  requiredReferences: readonly RequiredReference[];
  /** Reasons Customs lists for the variant (the union of `requiredReferences[].reason`). */
  incompleteDocumentationReasons: readonly IncompleteDocumentationReasonCode[];
  /** Modes whose procedure page lists the variant (docs/digitoll.md §9.2). */
  modes: readonly TransportMode[];
  /** Customs' description lines (HTML removed). */
  description: { en: readonly string[]; nb: readonly string[] };
  /** Links found in the description (e.g. the goods-number transition notice). */
  links: readonly string[];
  /**
   * For a transitional variant (goods number, V23–V26): the date (`YYYY-MM-DD`) from which it no
   * longer applies, read from Customs' description ("Transitional arrangement until 01.03.2027").
   * `undefined` for permanent variants.
   */
  transitionalUntil: string | undefined;
  /** Source defects of the published table that were corrected (docs/digitoll.md §9.5); empty when none. */
  sourceCorrections: readonly string[];
}

/** A variant as one mode's procedure page lists it (procedure-variants.csv). */
export interface ModeVariant {
  mode: TransportMode;
  /** Customs' canonical number (variants.json numbering). */
  variant: number;
  /** The label printed on that mode's page, e.g. rail `"11"` for variant 14. */
  pageLabel: string;
  importProcedure: VariantImportProcedure;
  outgoingProcedure: OutgoingProcedureCode | undefined;
  hasOutgoingProcedure: boolean;
  /** Requirements with this mode's export types and reason codes. */
  requiredReferences: readonly RequiredReference[];
  incompleteDocumentationReasons: readonly IncompleteDocumentationReasonCode[];
  /** Paraphrased meaning from the per-mode table. */
  meaning: string;
  /** Remarks about the page (label differences, page errors); `undefined` when none. */
  note: string | undefined;
}

/** Stable codes of {@link ProcedureWarning}. */
export type ProcedureWarningCode =
  | 'PROCEDURE_IMPORT_PROCEDURE_MISSING'
  | 'PROCEDURE_IMPORT_PROCEDURE_NOT_IN_CODE_LIST'
  | 'PROCEDURE_HAS_OUTGOING_PROCEDURE_MISMATCH'
  | 'PROCEDURE_HAS_OUTGOING_PROCEDURE_NOT_BOOLEAN'
  | 'PROCEDURE_COMBINATION_NOT_LISTED_FOR_MODE'
  | 'PROCEDURE_TYPE_OF_EXPORT_NOT_LISTED_FOR_MODE'
  | 'PROCEDURE_TYPE_OF_EXPORT_OBSOLETE'
  | 'PROCEDURE_UNEXPECTED_ELEMENT'
  | 'PROCEDURE_VARIANT_TRANSITION_ENDED'
  | 'PROCEDURE_INCOMPLETE_DOCUMENTATION'
  | 'PROCEDURE_MALFORMED_INPUT';

/** Something Customs will probably accept but that deserves attention (adapter policy, §9.3 steps 3, 4, 10). */
export interface ProcedureWarning {
  code: ProcedureWarningCode;
  message: string;
  /** The element concerned, when there is one. */
  messageElementPath?: string;
}

/** A required reference the input lacks. */
export interface MissingReference {
  reference: RequiredReference;
  /** Where it belongs, e.g. `consignmentHouseLevel.exportFromEU`. */
  messageElementPath: string;
}

/** The answer of {@link assessProcedure}. */
export interface ProcedureAssessment {
  /** Customs' variant number 1..33, or `undefined` when the combination names none (or is rejected outright). */
  variant: number | undefined;
  /** The variants the mode accepts for this importProcedure × outgoingProcedure combination (canonical numbers). */
  variantsForMode: readonly number[];
  /** What Customs will report as missing (documentStatus INCOMPLETE → ENTRY_PENDING at the border). */
  incompleteReasons: IncompleteDocumentationReasonCode[];
  /** Combinations Customs rejects (validation-status FAILURE), with Customs' texts and paths. */
  errors: ValidationErrorListItem[];
  warnings: ProcedureWarning[];
  /** The required references that are missing (the detail behind `incompleteReasons`). */
  missing: MissingReference[];
  /** The value Customs works with: the input's, or `true` when omitted. */
  hasOutgoingProcedure: boolean;
}

/** Options of {@link assessProcedure}. */
export interface AssessProcedureOptions {
  /** Root of every `messageElementPath`; default `consignmentHouseLevel`. */
  pathPrefix?: string;
  /**
   * The day the consignment crosses the border (`YYYY-MM-DD`). When given, a transitional variant
   * used on or after its end date (goods number GONU from 2027-03-01) is warned about.
   */
  date?: string;
}

export type { ImportProcedureCode };
