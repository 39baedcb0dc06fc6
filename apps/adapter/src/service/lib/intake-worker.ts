import type { Channel, ClaimedFile } from '../../intake/channel.js';
import { takeReadyFiles } from '../../intake/take-ready-files.js';
import type { JobStore } from '../../store/job-store.js';
import type { PipelineLog } from '../../pipeline/ports.js';
import type { AdapterMetrics } from './metrics.js';

/** What the intake of one channel needs. */
export interface IntakeContext {
  readonly store: JobStore;
  readonly channel: Channel;
  readonly log: PipelineLog;
  readonly metrics: AdapterMetrics;
  readonly now: () => number;
  /** Called after a new manifest was recorded (wakes the pipeline workers). */
  readonly onReceived: () => void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Records a claimed file in the store (idempotent: a repeat after a crash is `already-received`).
 * The same file dropped again (same name, same bytes) is a no-op: it is archived at once.
 * A file the channel refuses to read (too large) goes to failed/ with a report.
 */
export async function receiveClaimed(ctx: IntakeContext, file: ClaimedFile): Promise<void> {
  const { store, channel, log } = ctx;
  let read;
  try {
    // Hash and size only: the pipeline streams the file again when it plans it.
    read = await channel.digest(file);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const category = (error as { category?: string }).category;
    if (category === 'bad-data') {
      const report = [`File: ${file.originalName}`, `Result: FAILED (${code}) — nothing from this file was sent to Customs.`, `Reason: ${message(error)}`, ''].join('\n');
      await channel.fail(file, { content: report, suffix: '.error.txt' });
      await channel.writeOutbox(`${file.originalName}.error-${file.processingName.slice(0, 15)}.txt`, report).catch(() => undefined);
      ctx.metrics.manifestsFailed.inc({ channel: channel.name, code: code ?? 'UNREADABLE' });
      log.warn({ channel: channel.name, file: file.originalName, code }, 'file refused by the channel; moved to failed/');
      return;
    }
    ctx.metrics.errors.inc({ component: 'intake' });
    log.warn({ channel: channel.name, file: file.processingName, error: message(error) }, 'reading a claimed file failed; will retry');
    return;
  }
  const received = await store.receiveManifest({
    channel: channel.name,
    originalName: file.originalName,
    processingName: file.processingName,
    contentHash: read.contentHash,
    size: read.size,
  });
  if (received.outcome === 'duplicate') {
    log.info({ channel: channel.name, file: file.originalName, manifestId: received.manifest.id }, 'the same file was dropped again: nothing to do, archived');
    try {
      await channel.archive(file);
    } catch (error) {
      log.warn({ channel: channel.name, file: file.processingName, error: message(error) }, 'archiving a duplicate failed');
    }
    return;
  }
  if (received.outcome !== 'already-received') {
    ctx.metrics.filesClaimed.inc({ channel: channel.name });
    log.info(
      { channel: channel.name, file: file.originalName, manifestId: received.manifest.id, outcome: received.outcome, bytes: read.size },
      'manifest received',
    );
  }
  ctx.onReceived();
}

/**
 * One pass: claim complete inbox files (up to `limit`, so that instances sharing an inbox share the
 * files) and record them. Returns how many were claimed; the caller passes again when it hit `limit`.
 */
export async function intakeOnce(ctx: IntakeContext, limit = 10): Promise<number> {
  const taken = await takeReadyFiles(ctx.channel, { limit });
  for (const file of taken.claimed) await receiveClaimed(ctx, file);
  for (const rejected of taken.rejected) {
    ctx.log.warn(
      { channel: ctx.channel.name, file: rejected.name, reason: rejected.reason, movedTo: rejected.movedTo, report: rejected.reportName },
      'inbox file refused; moved to failed/ with an error report',
    );
  }
  for (const { name, error } of taken.refuseErrors) {
    ctx.log.warn(
      { channel: ctx.channel.name, file: name, error: error instanceof Error ? error.message : String(error) },
      'inbox file refused, but it could not be moved to failed/ yet; retrying on the next pass',
    );
  }
  return taken.claimed.length;
}

/**
 * After a crash: files in `processing/` the store does not know (claimed, then the process died before
 * recording them) are recorded now. Files the store knows are left to the pipeline.
 */
export async function recoverProcessing(ctx: IntakeContext): Promise<number> {
  let recovered = 0;
  for (const file of await ctx.channel.listProcessing()) {
    const known = await ctx.store.findManifests({ channel: ctx.channel.name, processingName: file.processingName, limit: 1 });
    if (known.length > 0) continue;
    await receiveClaimed(ctx, file);
    recovered++;
  }
  return recovered;
}
