import type { PipelineDeps } from '../pipeline/ports.js';
import { isPresentationProfile, isRelationOrArrivalProfile } from '@tollkit/manifest';
import { processManifest, type ProcessOutcome } from '../pipeline/process-manifest.js';
import { ARRIVED_SUFFIX } from '../presentation/plan-arrival-presentations.js';
import { processPresentationManifest } from '../presentation/process-presentation-manifest.js';
import { processMessageManifest } from '../relation-arrival/process-message-manifest.js';
import type { ManifestRecord } from '../store/job-store.js';
import { carrierTargetOf } from './carrier-target.js';
import { processCarrierManifest } from './process-carrier-manifest.js';

/**
 * The single dispatch point for a leased manifest: channels with a carrier target (Bring,
 * Shipmondo) go to {@link processCarrierManifest}, channels with a presentation profile
 * (`kind: presentation`) and arrival triggers (`<name>.arrived` on a channel with
 * `presentOnArrival`) to {@link processPresentationManifest}, channels with a relation or arrival
 * profile (`kind: relation` / `kind: arrival`) to {@link processMessageManifest}, every other file to the Digitoll
 * notification pipeline.
 */
export async function processAnyManifest(deps: PipelineDeps, leased: ManifestRecord): Promise<ProcessOutcome> {
  const channel = deps.channel(leased.channel);
  if (channel !== undefined && isPresentationProfile(channel.settings.profile)) return processPresentationManifest(deps, leased);
  if (channel !== undefined && isRelationOrArrivalProfile(channel.settings.profile)) return processMessageManifest(deps, leased);
  if (channel?.settings.presentOnArrival !== undefined && leased.originalName.endsWith(ARRIVED_SUFFIX)) return processPresentationManifest(deps, leased);
  const target = channel === undefined ? undefined : carrierTargetOf(channel.settings);
  return target === undefined ? processManifest(deps, leased) : processCarrierManifest(deps, leased, target);
}
