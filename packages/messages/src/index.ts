/**
 * `@tollkit/messages` — zod schemas, types and builders for every Digitoll request and response,
 * with validation that answers in Customs' own error shapes (docs/digitoll.md §6–§8, §10.3, §13).
 * Pure: no I/O.
 *
 * @packageDocumentation
 */

// Shapes and levels
export type { FieldError, ValidationErrorListItem, NotificationLevel, NotificationOperation, ValidationResult } from './types.js';
export { NOTIFICATION_LEVELS } from './types.js';
export type { TransportMode } from '@tollkit/codesets';
export {
  MessagesError,
  InvalidNotificationError,
  InvalidResponseError,
  type MessagesErrorCode,
  type ErrorCategory,
} from './errors.js';

// Request schemas and types
export {
  addressSchema,
  partyAddressSchema,
  communicationSchema,
  partySchema,
  placeSchema,
  transportEquipmentSchema,
  transportDocumentSchema,
  releasedConfirmationSchema,
  representativeSchema,
  type Address,
  type PartyAddress,
  type Communication,
  type Party,
  type Place,
  type TransportEquipment,
  type TransportDocument,
  type TransportDocumentMasterLevel,
  type TransportDocumentHouseLevel,
  type Representative,
} from './schemas/common.js';
export {
  transportSchema,
  transportSchemaFor,
  transportCarrierSchema,
  transportMasterEntrySchema,
  type Transport,
  type ActiveBorderTransportMeans,
  type TransportCarrier,
} from './schemas/transport.js';
export {
  masterConsignmentSchema,
  consignmentMasterLevelSchema,
  type MasterConsignment,
  type ConsignmentMasterLevel,
} from './schemas/master-consignment.js';
export {
  houseConsignmentSchema,
  consignmentHouseLevelSchema,
  importProcedureSchema,
  previousDocumentSchema,
  exportFromEUSchema,
  goodsItemSchema,
  houseMasterLinkSchema,
  type HouseConsignment,
  type ConsignmentHouseLevel,
  type ImportProcedure,
  type PreviousDocument,
  type ExportFromEU,
  type GoodsItem,
} from './schemas/house-consignment.js';
export { deleteNotificationSchema, type DeleteNotification } from './schemas/delete-notification.js';
export {
  presentHouseConsignmentSchema,
  presentMasterConsignmentSchema,
  presentReceptacleSchema,
  presentContainerSchema,
  presentEntrySummaryDeclarationSchema,
  relationSchema,
  arrivalSchema,
  masterReceptacleListSchema,
  serializeReceptacleIds,
  readReceptacleIds,
  normaliseRoutingNesting,
  RECEPTACLE_LIST_SHAPE,
  RELATION_OBJECT_TYPES,
  DIRECT_CONSIGNMENT_CARRIER_OBJECT,
  PRESENTATION_RECEPTACLE_KEY,
  type ReceptacleListShape,
  type MasterReceptacleList,
} from './uncertain.js';
export type {
  PresentHouseConsignment,
  PresentMasterConsignment,
  PresentReceptacle,
  PresentContainer,
  PresentEntrySummaryDeclaration,
  Relation,
  Arrival,
} from './schemas/uncertain-types.js';

// Response schemas and types
export {
  acceptedResponseSchema,
  fieldErrorSchema,
  validationErrorsResponseSchema,
  validationErrorListItemSchema,
  validationStatusSchema,
  documentStatusSchema,
  documentStatusListSchema,
  masterWithDescendantsSchema,
  statusWithDescendantsSchema,
  masterStatusWithDescendantsSchema,
  entryStatusSchema,
  routingItemSchema,
  routingFeedSchema,
  type AcceptedResponse,
  type ValidationErrorsResponse,
  type ValidationStatus,
  type DocumentStatusItem,
  type StatusWithDescendants,
  type MasterStatusWithDescendants,
  type EntryStatus,
  type RoutingItem,
} from './schemas/responses.js';

// Drafts and builders
export type {
  TransportDraft,
  MasterConsignmentDraft,
  HouseConsignmentDraft,
  DocumentIssueDate,
  BuildOptions,
} from './drafts.js';
export { buildTransport } from './build-transport.js';
export { buildMasterConsignment, type BuildMasterConsignmentOptions } from './build-master-consignment.js';
export { buildHouseConsignment } from './build-house-consignment.js';
export { buildDeleteBody } from './build-delete-body.js';
export { formatInstant } from './format-instant.js';

// Validation in Customs' shapes
export { notificationSchemaFor, type NotificationBodies } from './notification-schema-for.js';
export { listNotificationFields, type NotificationField } from './list-notification-fields.js';
export { validateNotification } from './validate-notification.js';
export { validateRequestBody, requestBodySchemas, type RequestBodyKind, type RequestBody } from './validate-request-body.js';
export { formatPath, stripRootPrefix } from './lib/path.js';
export { isWireInstant, isWireDate } from './lib/fields.js';
export * as customsTexts from './lib/customs-texts.js';
export { checkNotificationRules, type CheckNotificationRulesOptions } from './check-notification-rules.js';
export { assertValidNotification } from './assert-valid-notification.js';
export { parseCustomsResponse } from './parse-customs-response.js';
export { findIgnoredFields } from './find-ignored-fields.js';
export { validateDraft, type NotificationDrafts } from './validate-draft.js';
