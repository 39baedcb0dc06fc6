import { drainOutbox } from '../pipeline/drain-outbox.js';
import type { PipelineDeps } from '../pipeline/ports.js';
import { runManifestLifecycle, type ManifestSteps, type ProcessOutcome } from '../pipeline/run-manifest-lifecycle.js';
import { payloadHash } from '../pipeline/lib/canonical-hash.js';
import { conventionsFor, sourceConventionsOf } from '../pipeline/lib/output-conventions.js';
import type { ManifestRecord, PlannedNotificationInput } from '../store/job-store.js';
import { advanceCarrierRows, type CarrierRound } from './advance-carrier-rows.js';
import { collectCarrierResult, formatCarrierResult } from './build-carrier-result.js';
import type { CarrierTarget } from './carrier-target.js';
import { planCarrierManifest } from './plan-carrier-manifest.js';

/**
 * Drives one leased manifest of a carrier channel (Bring or Shipmondo target) through the same
 * manifest state machine as Digitoll ({@link runManifestLifecycle}): `claimed` → parse + carrier
 * rules → `parsed` → `submitting` (declarations sent / customs objects queued, rounds until every
 * house is final) → `awaiting-results` (result file queued) → `results-written` → archived. State is
 * stored before each side effect, so it is safe to call again after a crash at any point.
 */
export async function processCarrierManifest(deps: PipelineDeps, leased: ManifestRecord, target: CarrierTarget): Promise<ProcessOutcome> {
  return runManifestLifecycle(deps, leased, carrierSteps(deps, target));
}

function carrierSteps(deps: PipelineDeps, target: CarrierTarget): ManifestSteps<CarrierRound> {
  return {
    label: 'carrier manifest',
    logFields: { target: target.kind },
    outboxBatch: 10_000,
    planCancellation: () =>
      Promise.resolve({
        code: 'CARRIER_CANCEL_UNSUPPORTED',
        text: `cancellation markers are not supported for ${target.kind} channels: ${target.kind === 'bring' ? 'the Bring Customs API has no cancel operation' : 'remove the customs object from the shipment instead'}`,
      }),
    async plan(parsed, manifest) {
      const plan = planCarrierManifest(parsed, target, manifest);
      if (plan.fatal !== undefined) return { code: 'MANIFEST_UNREADABLE', text: plan.fatal };
      const items = await resendAfterUnknown(deps, manifest, plan.items);
      return { items, counts: plan.counts, invalid: plan.counts.invalid, result: { counts: plan.counts, target: target.kind, source: sourceConventionsOf(parsed.report) } };
    },
    advance: (manifest, lease) => advanceCarrierRows(deps, manifest, target, lease),
    async beforeResults(_manifest, files) {
      // Shipmondo customs objects are queued before the result file, so they are written first.
      await drainOutbox(deps, { onlyChannel: files, max: 10_000 });
    },
    renderResult: (manifest, rows, format) =>
      Promise.resolve(formatCarrierResult(collectCarrierResult(manifest, target.kind, rows, deps.now()), format, conventionsFor(deps, manifest))),
  };
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
