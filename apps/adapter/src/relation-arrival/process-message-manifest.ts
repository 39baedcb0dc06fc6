import type { ArrivalProfile, RelationProfile } from '@tollkit/manifest';
import type { AdvanceResult } from '../pipeline/advance-notifications.js';
import type { PipelineDeps } from '../pipeline/ports.js';
import { runManifestLifecycle, type ManifestSteps, type ProcessOutcome } from '../pipeline/run-manifest-lifecycle.js';
import type { ManifestRecord, PlannedNotificationInput } from '../store/job-store.js';
import type { PresentationPlan } from '../presentation/plan-presentation-manifest.js';
import { bytesOf } from '../presentation/process-presentation-manifest.js';
import { advanceMessages } from './advance-messages.js';
import { collectMessageResult, formatMessageResult } from './build-message-result.js';
import { planMessageManifest } from './plan-message-manifest.js';

/**
 * Drives one leased relation or arrival file (a channel whose profile has `kind: relation` or
 * `kind: arrival`) through the manifest state machine ({@link runManifestLifecycle}): `claimed` →
 * parse + local checks → `parsed` (one store row per request) → `submitting` (POST all, poll all,
 * {@link advanceMessages}) → `awaiting-results` (result file: ACCEPTED with the relation's MRN /
 * the transport's entry status, REJECTED with Customs' errors, INVALID, ALREADY_SENT,
 * OUTCOME_UNKNOWN) → `results-written` → archived.
 */
export async function processMessageManifest(deps: PipelineDeps, leased: ManifestRecord): Promise<ProcessOutcome> {
  return runManifestLifecycle(deps, leased, messageSteps(deps));
}

function messageSteps(deps: PipelineDeps): ManifestSteps<AdvanceResult> {
  return {
    label: 'relation/arrival file',
    logFields: { kind: 'relation-arrival' },
    outboxBatch: 50,
    planCancellation: () =>
      Promise.resolve({ code: 'MESSAGE_CANCEL_UNSUPPORTED', text: 'a relation or arrival file cannot be cancelled by a .cancel file: remove a relation by its MRN (DELETE), an arrival cannot be withdrawn' }),
    plan: () => Promise.reject(new TypeError('relation and arrival files are planned by planStream')),
    planStream(source, manifest, settings) {
      let plan: PresentationPlan | undefined;
      async function* items(): AsyncGenerator<PlannedNotificationInput> {
        plan = planMessageManifest(await bytesOf(source), manifest.originalName, settings.profile as RelationProfile | ArrivalProfile, settings.params);
        yield* plan.items;
      }
      return {
        items: items(),
        async finish() {
          if (plan === undefined) return { code: 'MANIFEST_UNREADABLE', text: 'the file was not read' };
          if (plan.fatal !== undefined) return { code: plan.fatalCode ?? 'MANIFEST_UNREADABLE', text: plan.fatal, problems: plan.fileProblems };
          return { counts: { ...plan.counts }, result: { fileProblems: plan.fileProblems, counts: { ...plan.counts } } };
        },
      };
    },
    advance: (manifest, lease) => advanceMessages(deps, manifest, lease),
    renderResult: async (manifest, rows, format) => formatMessageResult(await collectMessageResult(deps, manifest, rows, deps.now()), format),
  };
}
