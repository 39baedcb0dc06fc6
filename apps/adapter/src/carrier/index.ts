/**
 * Carrier targets of a channel: the same manifests as Digitoll turned into Bring Customs API
 * declarations (sent) or Shipmondo `customs` objects (written as JSON files), with result files
 * like Digitoll's. See README.md in this folder.
 */
export { advanceCarrierRows, customsFileName, UNKNOWN_OUTCOME_TEXT, type CarrierRound } from './advance-carrier-rows.js';
export { collectCarrierResult, formatCarrierResult, type CarrierResult, type CarrierResultLine } from './build-carrier-result.js';
export {
  carrierTargetOf,
  CARRIER_ROW_TYPE,
  type BringDeclarationPort,
  type BringTarget,
  type CarrierChannelProfile,
  type CarrierGoodsMapping,
  type CarrierTarget,
  type ShipmondoTarget,
} from './carrier-target.js';
export { carrierTargetsOf, createCarrierTarget, loadCarrierTargets, withCarrierTargets, type CarrierRuntimeOptions } from './load-carrier-targets.js';
export { planCarrierManifest, type CarrierLineError, type CarrierPlan, type CarrierRowPayload } from './plan-carrier-manifest.js';
export { processAnyManifest } from './process-any-manifest.js';
export { processCarrierManifest } from './process-carrier-manifest.js';
export {
  bringTargetSchema,
  channelTargetSchema,
  shipmondoTargetSchema,
  type BringTargetConfig,
  type ChannelTargetConfig,
  type ShipmondoTargetConfig,
} from './target-schema.js';
