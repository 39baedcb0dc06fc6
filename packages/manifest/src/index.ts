/**
 * @tollkit/manifest — streaming CSV/XML manifest intake with per-partner mapping profiles that
 * turns ERP files into Digitoll notification drafts, with precise per-row problems.
 */
export { parseManifest, type ManifestInput, type ParseManifestOptions, type ParsedManifest } from './parse-manifest.js';
export { collectManifest } from './collect-manifest.js';
export { isCoveredBy } from './lib/assembler.js';
export { checkParams, profileParams } from './check-params.js';
export {
  inferMappingProfile,
  inferDateFormat,
  inferNumberStyle,
  type InferMappingProfileOptions,
  type InferredProfile,
  type ProposedField,
} from './infer-mapping-profile.js';
export { loadMappingProfile, readMappingProfile } from './load-mapping-profile.js';
export {
  mappingProfileSchema,
  fieldSpecSchema,
  sourceRefSchema,
  type MappingProfile,
  type MappingProfileInput,
  type FieldSpec,
} from './mapping-profile-schema.js';
export { EXAMPLE_NAMES, EXAMPLE_REFERENCE_DATE, examplePaths, type ExampleName } from './examples.js';
export {
  ManifestError,
  ProfileInvalidError,
  ProfileUnreadableError,
  ParamUnknownError,
  type ManifestErrorCode,
  type ErrorCategory,
  type ProfileIssue,
} from './errors.js';
export type {
  FieldSource,
  FileReport,
  HouseConsignmentRecord,
  ManifestProblem,
  ManifestProblemCode,
  MappedRecord,
  MasterConsignmentRecord,
  NotificationLevel,
  RecordSource,
  TransportRecord,
} from './types.js';
export type { HouseConsignmentDraft, MasterConsignmentDraft, TransportDraft } from './lib/drafts.js';
export {
  presentationProfileSchema,
  PRESENTATION_KINDS,
  PRESENTATION_FIELDS,
  type PresentationKind,
  type PresentationField,
  type PresentationProfile,
  type PresentationProfileInput,
} from './presentation-profile-schema.js';
export {
  parsePresentationManifest,
  presentationReference,
  type PresentationRecord,
  type PresentationReport,
} from './parse-presentation-manifest.js';
export {
  loadPresentationProfile,
  loadPartnerProfile,
  readPartnerProfile,
  isPresentationProfile,
  isRelationOrArrivalProfile,
  type PartnerProfile,
} from './load-presentation-profile.js';
export {
  PRESENTATION_EXAMPLE_NAMES,
  examplePresentationPaths,
  type PresentationExampleName,
  MESSAGE_EXAMPLE_NAMES,
  exampleMessagePaths,
  type MessageExampleName,
} from './presentation-examples.js';
export {
  relationProfileSchema,
  arrivalProfileSchema,
  RELATION_FIELDS,
  ARRIVAL_FIELDS,
  type RelationProfile,
  type RelationProfileInput,
  type ArrivalProfile,
  type ArrivalProfileInput,
  type RelationField,
  type ArrivalField,
} from './relation-arrival-profile-schema.js';
export { parseMessageManifest, messageReference, type MessageRecord, type MessageReport } from './parse-relation-arrival-manifest.js';
