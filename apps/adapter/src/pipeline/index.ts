/**
 * The pipeline: manifest → notifications → submit → poll → results, and the routing follower.
 * Everything it knows lives in the `JobStore`; see README.md in this folder for the state machines.
 */
export { advanceNotifications, type AdvanceResult } from './advance-notifications.js';
export { collectManifestResult, formatManifestResult, renderManifestResultPages, type ManifestResult, type ResultLine } from './build-result-file.js';
export { drainOutbox } from './drain-outbox.js';
export { followRoutingOnce, formatRoutingFile, type RoutingLine } from './follow-routing.js';
export { parseManifestFile } from './parse-manifest-file.js';
export { parseManifestStream, type ManifestSource } from './parse-manifest-stream.js';
export { planManifestStream, type StreamedManifestPlan, type StreamedPlanOutcome } from './plan-manifest-stream.js';
export { planManifest, type FileProblem, type ManifestPlan } from './plan-manifest.js';
export { errorReportName, failManifest } from './fail-manifest.js';
export { processManifest } from './process-manifest.js';
export {
  CANCEL_SUFFIX,
  resultFileName,
  runManifestLifecycle,
  type LifecycleRound,
  type ManifestSteps,
  type PlanFailure,
  type PlannedManifest,
  type StreamedPlan,
  type ProcessOutcome,
} from './run-manifest-lifecycle.js';
export {
  defaultTuning,
  silentLog,
  type ChannelProfile,
  type ClaimedRef,
  type DigitollPort,
  type PipelineChannel,
  type PipelineDeps,
  type PipelineEvent,
  type PipelineLog,
  type PipelineTuning,
  type ResultFormat,
} from './ports.js';
