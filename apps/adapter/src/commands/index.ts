/**
 * The command functions behind `tollkit run | convert | validate | status | replay | routing | doctor`
 * and the demo. Each returns data (plus a `format…` helper for text); the CLI entry parses argv and
 * prints.
 */
export { runAdapter, type RunOptions } from './run.js';
export { convertManifest, convertManifestBytes, problemsOf, validateManifest, formatValidation, formatProblem, type ConvertOptions, type ConvertBytesOptions, type ConvertResult, type ConvertedNotification, type ValidateResult, type ValidateOptions, type ValidationProblem } from './convert.js';
export { initProfile, draftProfile, formatInitProfile, type InitProfileOptions, type InitProfileResult } from './profile-init.js';
export { tryProfile, type TryProfileOptions, type TryProfileResult, type LocatedProblem, type LocatedWarning, type ProfileTextProblem } from './try-profile.js';
export { statusOf, formatStatus, type StatusResult, type NotificationStatus } from './status.js';
export { replayFile, type ReplayResult } from './replay.js';
export { listManifests, formatManifestList, parseSince, type ListManifestsOptions, type ManifestPage, type ManifestSummary } from './list-manifests.js';
export { describeManifest, formatManifestDetail, formatManifestHead, formatRows, type ManifestDetail, type ManifestRow, type RowError, type RowRouting, type DescribeManifestOptions } from './describe-manifest.js';
export { findAnything, formatFind, type FindResult, type FindKind, type FindVerdict, type FoundRow, type FindOptions } from './find.js';
export { resubmitManifest, resolveManifest, type ResubmitResult } from './resubmit.js';
export type { CommandContext } from './lib/requeue.js';
export { routingPass, type RoutingPassResult } from './routing.js';
export { runDoctor, formatDoctor, type DoctorCheck } from './doctor.js';
export { runDemo, type DemoOptions } from './run-demo.js';
export { connectDigitoll, loadChannelProfile, openStore, serviceChannels, type DigitollConnection } from './lib/runtime.js';
export { findUncarriedMasters, groupByCarrier, notifyCarrierTransport, type UncarriedMaster } from './lib/carrier-transport.js';
