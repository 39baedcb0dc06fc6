/**
 * `@tollkit/carrier-customs` — carrier-side customs declarations fed from the same manifests as
 * Digitoll: Shipmondo's `customs` object (schema, rules, builder) and Bring's Customs API
 * (schema, builder, undici client). See README.md.
 */
export {
  shipmondoCustomsSchema,
  shipmondoGoodsLineSchema,
  shipmondoGoodsFields,
  shipmondoExportReasons,
  type ShipmondoCustoms,
  type ShipmondoGoodsLine,
  type ShipmondoGoodsField,
  type ShipmondoExportReason,
} from './shipmondo-customs-schema.js';
export {
  validateShipmondoCustoms,
  shipmondoGoodsErrorMessage,
  type ShipmondoValidationOptions,
  type ShipmondoValidationResult,
  type ShipmondoGoodsLineError,
} from './validate-shipmondo-customs.js';
export {
  buildShipmondoCustoms,
  type ShipmondoCustomsInput,
  type ShipmondoGoodsInput,
  type ShipmondoBilledToInput,
} from './build-shipmondo-customs.js';
export {
  bringDeclarationRequestSchema,
  bringDeclarationResponseSchema,
  bringCustomsDeclarationLineSchema,
  bringPartySchema,
  bringInvoiceSchema,
  bringShipmentSchema,
  bringDocumentReferenceSchema,
  bringSalesOrderSchema,
  bringDeclarationTypes,
  bringTradePreferenceCodes,
  bringServiceCodes,
  bringIncotermsCodes,
  bringDeclarationStatuses,
  type BringDeclarationRequest,
  type BringDeclarationRequestInput,
  type BringDeclarationResponse,
  type BringCustomsDeclarationLine,
  type BringParty,
  type BringInvoice,
  type BringDeclarationType,
  type BringTradePreferenceCode,
  type BringServiceCode,
  type BringIncotermsCode,
  type BringDeclarationStatus,
} from './bring-declaration-schema.js';
export {
  validateBringDeclaration,
  formatBringDeclarationErrors,
  type BringDeclarationValidationResult,
} from './validate-bring-declaration.js';
export {
  buildBringDeclaration,
  type BringDeclarationInput,
  type BringGoodsLineInput,
  type BringPartyInput,
  type BringInvoiceInput,
} from './build-bring-declaration.js';
export {
  createBringCustomsClient,
  bringCustomsClientOptionsSchema,
  BRING_API_BASE_URL,
  BRING_QA_API_BASE_URL,
  BRING_DECLARATIONS_PATH,
  type BringCustomsClient,
  type BringCustomsClientOptions,
  type BringDeclarationResult,
  type BringRetryInfo,
  type SubmitDeclarationOptions,
} from './create-bring-customs-client.js';
export { parseRetryAfter } from './lib/retry-after.js';
export {
  CarrierCustomsError,
  ShipmondoCustomsInvalidError,
  BringDeclarationInvalidError,
  BringUnauthorizedError,
  BringBadRequestError,
  BringRateLimitedError,
  BringServerError,
  BringUnexpectedStatusError,
  BringInvalidResponseError,
  BringNetworkError,
  type CarrierCustomsErrorCode,
  type CarrierCustomsErrorCategory,
  type CarrierFieldError,
} from './errors.js';
