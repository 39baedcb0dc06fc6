import type { PresentationProfile } from '@tollkit/manifest';
import type { PipelineDeps } from '../pipeline/ports.js';
import { runManifestLifecycle, type ManifestSteps, type ProcessOutcome } from '../pipeline/run-manifest-lifecycle.js';
import type { ManifestRecord, PlannedNotificationInput } from '../store/job-store.js';
import type { AdvanceResult } from '../pipeline/advance-notifications.js';
import { advancePresentations } from './advance-presentations.js';
import { collectPresentationResult, formatPresentationResult } from './build-presentation-result.js';
import { ARRIVED_SUFFIX, planArrivalPresentations } from './plan-arrival-presentations.js';
import { planPresentationManifest, type PresentationPlan } from './plan-presentation-manifest.js';

/** The whole file, from a stream or bytes (presentation, relation and arrival files are read whole). */
export async function bytesOf(source: { stream: AsyncIterable<Uint8Array> } | { bytes: Uint8Array }): Promise<Uint8Array> {
  if ('bytes' in source) return source.bytes;
  const chunks: Uint8Array[] = [];
  for await (const chunk of source.stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Drives one leased presentation file (a channel whose profile has `kind: presentation`, or an
 * arrival trigger `<name>.arrived` on a channel with `presentOnArrival`) through the
 * manifest state machine ({@link runManifestLifecycle}): `claimed` → parse + local checks → `parsed`
 * (one store row per presentation) → `submitting` (present all, poll all, until each is presented
 * or refused; {@link advancePresentations}) → `awaiting-results` (result file: PRESENTED / REJECTED
 * with Customs' errors / INVALID / ALREADY_PRESENTED) → `results-written` → archived. The routing
 * of what was presented reaches the partner's outbox through the routing follower.
 */
export async function processPresentationManifest(deps: PipelineDeps, leased: ManifestRecord): Promise<ProcessOutcome> {
  return runManifestLifecycle(deps, leased, presentationSteps(deps));
}

function presentationSteps(deps: PipelineDeps): ManifestSteps<AdvanceResult> {
  return {
    label: 'presentation file',
    logFields: { kind: 'presentation' },
    outboxBatch: 50,
    planCancellation: () =>
      Promise.resolve({ code: 'PRESENTATION_CANCEL_UNSUPPORTED', text: 'a presentation cannot be cancelled: Customs has no operation to withdraw one' }),
    plan: () => Promise.reject(new TypeError('presentation files are planned by planStream')),
    planStream(source, manifest, settings) {
      let plan: PresentationPlan | undefined;
      async function* items(): AsyncGenerator<PlannedNotificationInput> {
        const bytes = await bytesOf(source);
        plan = manifest.originalName.endsWith(ARRIVED_SUFFIX)
          ? await planArrivalPresentations(deps, manifest, Buffer.from(bytes).toString('utf8'), settings.presentOnArrival ?? {})
          : planPresentationManifest(bytes, manifest.originalName, settings.profile as PresentationProfile, settings.params);
        yield* plan.items;
      }
      return {
        items: items(),
        async finish() {
          if (plan === undefined) return { code: 'MANIFEST_UNREADABLE', text: 'the presentation file was not read' };
          if (plan.fatal !== undefined) return { code: plan.fatalCode ?? 'MANIFEST_UNREADABLE', text: plan.fatal, problems: plan.fileProblems };
          return { counts: { ...plan.counts }, result: { fileProblems: plan.fileProblems, counts: { ...plan.counts } } };
        },
      };
    },
    advance: (manifest, lease) => advancePresentations(deps, manifest, lease),
    renderResult: (manifest, rows, format) => Promise.resolve(formatPresentationResult(collectPresentationResult(manifest, rows, deps.now()), format)),
  };
}
