import type { PipelineDeps } from '../pipeline/ports.js';
import { processManifest, type ProcessOutcome } from '../pipeline/process-manifest.js';
import type { ManifestRecord } from '../store/job-store.js';
import { carrierTargetOf } from './carrier-target.js';
import { processCarrierManifest } from './process-carrier-manifest.js';

/**
 * The single dispatch point for a leased manifest: channels with a carrier target (Bring,
 * Shipmondo) go to {@link processCarrierManifest}, every other channel to the Digitoll pipeline.
 */
export async function processAnyManifest(deps: PipelineDeps, leased: ManifestRecord): Promise<ProcessOutcome> {
  const channel = deps.channel(leased.channel);
  const target = channel === undefined ? undefined : carrierTargetOf(channel.settings);
  return target === undefined ? processManifest(deps, leased) : processCarrierManifest(deps, leased, target);
}
