import { drainOutbox } from '../pipeline/drain-outbox.js';
import type { PipelineChannel, PipelineDeps } from '../pipeline/ports.js';
import { CANCEL_SUFFIX, failManifest, resultFileName, type ProcessOutcome } from '../pipeline/process-manifest.js';
import { payloadHash } from '../pipeline/lib/canonical-hash.js';
import type { ManifestRecord, PlannedNotificationInput } from '../store/job-store.js';
import { advanceCarrierRows } from './advance-carrier-rows.js';
import { collectCarrierResult, formatCarrierResult } from './build-carrier-result.js';
import type { CarrierChannelProfile, CarrierTarget } from './carrier-target.js';
import { planCarrierManifest } from './plan-carrier-manifest.js';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Drives one leased manifest of a carrier channel (Bring or Shipmondo target) through the same
 * manifest state machine as Digitoll: `claimed` → parse + carrier rules → `parsed` → `submitting`
 * (declarations sent / customs objects queued, rounds until every house is final) →
 * `awaiting-results` (result file queued) → `results-written` → archived. State is stored before
 * each side effect, so it is safe to call again after a crash at any point.
 */
export async function processCarrierManifest(deps: PipelineDeps, leased: ManifestRecord, target: CarrierTarget): Promise<ProcessOutcome> {
  const { store, log, owner } = deps;
  const channel = deps.channel(leased.channel);
  if (channel === undefined) {
    await store.releaseManifestLease(leased.id, owner, deps.now() + 60_000);
    return 'released';
  }
  const lease = { lost: false };
  const renew = setInterval(() => {
    store.renewManifestLease(leased.id, owner, deps.tuning.leaseMs).then(
      (ok) => {
        if (!ok) lease.lost = true;
      },
      () => undefined,
    );
  }, Math.max(1_000, Math.floor(deps.tuning.leaseMs / 3)));
  try {
    let manifest: ManifestRecord | undefined = leased;
    for (let step = 0; step < 100 && manifest !== undefined; step++) {
      if (lease.lost) return 'lease-lost';
      const next = await stepOnce(deps, manifest, channel.settings as CarrierChannelProfile, channel.files, target, lease);
      if (typeof next === 'string') return next;
      manifest = next;
    }
    return 'lease-lost';
  } catch (error) {
    log.error({ manifestId: leased.id, error: message(error), code: (error as { code?: string }).code }, 'carrier manifest step failed; retrying later');
    await store.releaseManifestLease(leased.id, owner, deps.now() + deps.tuning.retryDelayMs).catch(() => undefined);
    return 'released';
  } finally {
    clearInterval(renew);
  }
}

async function stepOnce(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: CarrierChannelProfile,
  files: PipelineChannel,
  target: CarrierTarget,
  lease: { readonly lost: boolean },
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  const { store, owner, log } = deps;
  switch (manifest.state) {
    case 'received':
      return 'lease-lost';
    case 'claimed':
      return parseStep(deps, manifest, settings, files, target);
    case 'parsed':
      return store.transitionManifest(manifest.id, { from: 'parsed', to: 'submitting', owner });
    case 'submitting': {
      const round = await advanceCarrierRows(deps, manifest, target, lease);
      if (round.sent > 0) deps.onEvent?.({ type: 'notifications-sent', manifestId: manifest.id, count: round.sent });
      if (!round.settled) {
        await store.releaseManifestLease(manifest.id, owner, deps.now() + round.retryAfterMs);
        return 'waiting';
      }
      // Shipmondo customs objects are queued before the result file, so they are written first.
      await drainOutbox(deps, { onlyChannel: files, max: 10_000 });
      deps.onEvent?.({ type: 'manifest-settled', manifestId: manifest.id, channel: manifest.channel, receivedAt: manifest.receivedAt, settledAt: deps.now() });
      return store.transitionManifest(manifest.id, { from: 'submitting', to: 'awaiting-results', owner });
    }
    case 'awaiting-results': {
      const rows = await store.listNotifications(manifest.id);
      const result = collectCarrierResult(manifest, target.kind, rows, deps.now());
      await store.enqueueOutbox({
        channel: manifest.channel,
        fileName: resultFileName(manifest, settings.resultFormat),
        content: formatCarrierResult(result, settings.resultFormat),
        kind: 'result',
        manifestId: manifest.id,
      });
      await drainOutbox(deps, { onlyChannel: files, max: 10_000 });
      const after = await store.getManifest(manifest.id);
      if (after?.state === 'results-written') return after;
      await store.releaseManifestLease(manifest.id, owner, deps.now() + deps.tuning.retryDelayMs);
      return 'waiting';
    }
    case 'results-written': {
      await files.archive(manifest);
      const archived = await store.transitionManifest(manifest.id, { from: 'results-written', to: 'archived', owner });
      if (archived === undefined) return 'lease-lost';
      deps.onEvent?.({ type: 'manifest-archived', manifestId: manifest.id, channel: manifest.channel });
      log.info({ manifestId: manifest.id, channel: manifest.channel, file: manifest.originalName, target: target.kind, summary: manifest.result?.['counts'] }, 'carrier manifest done');
      return 'archived';
    }
    case 'archived':
      return 'archived';
    case 'failed':
      return 'failed';
  }
}

async function parseStep(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  settings: CarrierChannelProfile,
  files: PipelineChannel,
  target: CarrierTarget,
): Promise<ManifestRecord | ProcessOutcome | undefined> {
  const { store, owner, log } = deps;
  if (manifest.originalName.endsWith(CANCEL_SUFFIX)) {
    return failManifest(
      deps,
      manifest,
      files,
      'CARRIER_CANCEL_UNSUPPORTED',
      `cancellation markers are not supported for ${target.kind} channels: ${target.kind === 'bring' ? 'the Bring Customs API has no cancel operation' : 'remove the customs object from the shipment instead'}`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await files.readProcessing(manifest);
  } catch (error) {
    log.warn({ manifestId: manifest.id, error: message(error) }, 'could not read the claimed file; retrying later');
    await store.releaseManifestLease(manifest.id, owner, deps.now() + deps.tuning.retryDelayMs);
    return 'released';
  }
  let parsed;
  try {
    parsed = await deps.parse(bytes, manifest.originalName, settings);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'MANIFEST_UNREADABLE';
    return failManifest(deps, manifest, files, code, `the manifest could not be mapped with profile ${settings.profileName}: ${message(error)}`);
  }
  const plan = planCarrierManifest(parsed, target);
  if (plan.fatal !== undefined) return failManifest(deps, manifest, files, 'MANIFEST_UNREADABLE', plan.fatal);
  const stored = await store.planNotifications(manifest.id, owner, await resendAfterUnknown(deps, manifest, plan.items));
  if (stored === undefined) return 'lease-lost';
  deps.onEvent?.({ type: 'manifest-parsed', manifestId: manifest.id, channel: manifest.channel, notifications: stored.length, invalid: plan.counts.invalid });
  log.info({ manifestId: manifest.id, file: manifest.originalName, target: target.kind, ...plan.counts }, 'carrier manifest parsed and planned');
  return store.transitionManifest(manifest.id, { from: 'claimed', to: 'parsed', owner, result: { counts: plan.counts, target: target.kind } });
}

/**
 * A house whose latest earlier declaration ended `outcome-unknown` was reported NEEDS_ATTENTION; the
 * operator checks Mybring and drops it again when it is missing. The store would call an identical
 * payload `unchanged` (nothing to send), so such houses get a payload hash of their own: they are sent.
 */
async function resendAfterUnknown(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  items: readonly PlannedNotificationInput[],
): Promise<PlannedNotificationInput[]> {
  const unknown = await deps.store.findNotifications({ states: ['outcome-unknown'] });
  if (unknown.length === 0) return [...items];
  const keyOf = (i: PlannedNotificationInput): string => [i.level, i.documentNumber, i.type, i.carrier ?? ''].join('|');
  const unknownKeys = new Set(unknown.filter((n) => n.manifestId !== manifest.id).map((n) => n.key));
  const out: PlannedNotificationInput[] = [];
  for (const item of items) {
    if (item.invalidErrors === undefined && unknownKeys.has(keyOf(item))) {
      const earlier = (await deps.store.findNotifications({ documentNumber: item.documentNumber }))
        .filter((n) => n.key === keyOf(item) && n.manifestId !== manifest.id && n.state !== 'invalid' && n.state !== 'rejected')
        .sort((a, b) => b.createdAt - a.createdAt)[0];
      if (earlier?.state === 'outcome-unknown') {
        out.push({ ...item, payloadHash: payloadHash({ hash: item.payloadHash, resendAfterUnknown: earlier.id }) });
        continue;
      }
    }
    out.push(item);
  }
  return out;
}
