import { manifestCounts, type ManifestRecord } from '../store/job-store.js';
import { drainOutbox } from './drain-outbox.js';
import type { FileProblem } from './plan-manifest.js';
import type { PipelineChannel, PipelineDeps } from './ports.js';

/** Name of a failed manifest's error report (beside it in failed/, and in the outbox). */
export function errorReportName(manifest: Pick<ManifestRecord, 'id' | 'originalName'>): string {
  return `${manifest.originalName}.error-${manifest.id.slice(0, 8)}.txt`;
}

/** Moves the file to failed/ with a report beside it, queues the report to the outbox, and marks the manifest failed. */
export async function failManifest(
  deps: PipelineDeps,
  manifest: ManifestRecord,
  files: PipelineChannel,
  code: string,
  text: string,
  problems: readonly FileProblem[] = [],
): Promise<'failed' | 'lease-lost'> {
  const report = [
    `Manifest: ${manifest.originalName}`,
    `Channel: ${manifest.channel}`,
    `Received: ${new Date(manifest.receivedAt).toISOString()}`,
    `Content: ${manifest.contentHash} (${manifest.size} bytes)`,
    `Result: FAILED (${code}) — nothing from this file was sent to Customs.`,
    `Reason: ${text}`,
    ...(problems.length > 0 ? ['', 'Problems:', ...problems.map((p) => `  ${p.line === null ? '' : `line ${p.line}: `}${p.message}`)] : []),
    '',
  ].join('\n');
  const name = errorReportName(manifest);
  await files.fail(manifest, report);
  await deps.store.enqueueOutbox({ channel: manifest.channel, fileName: name, content: report, kind: 'error-report', manifestId: manifest.id });
  const failed = await deps.store.transitionManifest(manifest.id, {
    from: manifest.state,
    to: 'failed',
    owner: deps.owner,
    failure: { code, message: text },
    outcome: { outcome: 'failed', counts: manifestCounts(await deps.store.countNotifications(manifest.id)) },
  });
  if (failed === undefined) return 'lease-lost';
  deps.onEvent?.({ type: 'manifest-failed', manifestId: manifest.id, channel: manifest.channel, code });
  deps.log.warn({ manifestId: manifest.id, file: manifest.originalName, code, reason: text }, 'manifest failed; moved to failed/ with an error report');
  await drainOutbox(deps, { onlyChannel: files, max: 50 });
  return 'failed';
}
