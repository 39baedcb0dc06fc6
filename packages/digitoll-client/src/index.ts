/**
 * `@tollkit/digitoll-client`: an undici client for every Digitoll API (docs/digitoll.md §4). Takes a
 * `getToken(scope)` function; knows nothing about key files.
 */
export * from './errors.js';
export {
  API_PATHS,
  NOTIFICATION_LEVELS,
  TRANSPORT_MODES,
  queryBase,
  scopeFor,
  submitBase,
  type NotificationLevel,
  type ScopeFamily,
  type TransportMode,
} from './endpoints.js';
export type { DigitollEvent, GetToken } from './lib/context.js';
export type { NotificationKey } from './lib/keys.js';
export { notificationKeyOf } from './lib/keys.js';
export {
  createDigitollClient,
  digitollClientSettingsSchema,
  type DigitollClient,
  type DigitollClientOptions,
  type DigitollClientSettings,
} from './create-digitoll-client.js';
export type { SubmitNotificationInput, SubmitOutcome } from './submit-notification.js';
export type { UpdateNotificationInput } from './update-notification.js';
export type { DeleteNotificationInput } from './delete-notification.js';
export type { CancelOutcome } from './cancel-notification.js';
export type { ValidationTarget } from './get-validation-status.js';
export type { AlreadyInUse, PendingRequest, ValidationResult, WaitOptions } from './wait-for-validation.js';
export type { BatchItem, BatchItemResult, BatchOptions } from './submit-batch.js';
export type { FindNotificationInput, FoundNotification } from './find-notification.js';
export type { PresentationKind, PresentInput } from './present.js';
export type { FollowRoutingOptions, RoutingFeed, RoutingPage } from './routing.js';
export { DOCUMENT_TYPES, MAX_DOCUMENT_BYTES, type DocumentType, type UploadDocumentInput } from './upload-document.js';
