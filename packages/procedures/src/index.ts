/**
 * @tollkit/procedures – Norwegian Customs' procedure-variant rules for the house consignment
 * (docs/digitoll.md §9), driven by Customs' own machine-readable tables bundled in `data/`.
 */
export { assessProcedure } from './assess-procedure.js';
export { listVariants, getVariant } from './list-variants.js';
export { requiredReferencesFor } from './required-references-for.js';
export { variantsAllowedFor } from './variants-allowed-for.js';
export { ProceduresError, ProcedureTableInvalidError } from './errors.js';
export type { ErrorCategory, ProceduresErrorCode } from './errors.js';
export type {
  AssessProcedureOptions, ExportFromEU, GoodsItem, ImportProcedure, MissingReference, ModeVariant, PreviousDocument,
  ProcedureAssessment, ProcedureInput, ProcedureVariant, ProcedureWarning, ProcedureWarningCode, RequiredExportFromEU,
  RequiredGoodsItem, RequiredPreviousDocument, RequiredReference, ValidationErrorListItem, VoecField,
} from './types.js';
export type {
  ImportProcedureCode, IncompleteDocumentationReasonCode, OutgoingProcedureCode, TransportMode, TypeOfExport,
  VariantImportProcedure,
} from './lib/codes.js';
export { VOEC_MAX_ITEM_VALUE_NOK } from './lib/check-rejections.js';
