import { createHash } from 'node:crypto';
import type { Channel, ClaimedFile, IrregularEntry } from '../../intake/channel.js';
import { takeReadyFiles } from '../../intake/take-ready-files.js';
import { sanitiseRefusedName } from '../../intake/lib/refusal.js';
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

/** Raised inside a pass when the store (not the channel) failed: the channel stays up. */
export class StoreStepError extends Error {
  constructor(override readonly cause: unknown) {
    super(message(cause));
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const codeOf = (error: unknown): string | undefined => (error as { code?: string } | null)?.code;

/** Runs a store call; its failure becomes a {@link StoreStepError}. */
async function storeStep<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new StoreStepError(error);
  }
}

/**
 * Records a claimed file in the store (idempotent: a repeat after a crash is `already-received`).
 * The same file dropped again (same name, same bytes) is a no-op: it is archived at once.
 * A file the channel refuses to read (too large) goes to failed/ with a report.
 * Returns `recorded` when the store now owns the file, `changed` when it changed while read (it stays
 * in `processing/` and is read again once stable), `failed` when it went to `failed/`.
 * A store failure throws ({@link StoreStepError}); the file stays in `processing/` for the next pass.
 */
export async function receiveClaimed(ctx: IntakeContext, file: ClaimedFile): Promise<'recorded' | 'changed' | 'failed'> {
  const { store, channel, log } = ctx;
  let read;
  try {
    // Hash and size only: the pipeline streams the file again when it plans it.
    read = await channel.digest(file);
  } catch (error) {
    const code = codeOf(error);
    const category = (error as { category?: string }).category;
    if (category === 'bad-data') {
      const report = [`File: ${file.originalName}`, `Result: FAILED (${code}) — nothing from this file was sent to Customs.`, `Reason: ${message(error)}`, ''].join('\n');
      await channel.fail(file, { content: report, suffix: '.error.txt' });
      await channel.writeOutbox(`${file.originalName}.error-${file.processingName.slice(0, 15)}.txt`, report).catch(() => undefined);
      ctx.metrics.manifestsFailed.inc({ channel: channel.name, code: code ?? 'UNREADABLE' });
      log.warn({ channel: channel.name, file: file.originalName, code }, 'file refused by the channel; moved to failed/');
      return 'failed';
    }
    if (code === 'INTAKE_SIZE_MISMATCH') {
      log.warn({ channel: channel.name, file: file.processingName, code }, 'claimed file changed while it was read (still being written); it is read again once stable');
      return 'changed';
    }
    throw error;
  }
  if (file.size !== undefined && read.size !== file.size) {
    log.warn({ channel: channel.name, file: file.processingName, listed: file.size, read: read.size }, 'claimed file grew after it was listed; it is read again once stable');
    return 'changed';
  }
  const received = await storeStep(() =>
    store.receiveManifest({
      channel: channel.name,
      originalName: file.originalName,
      processingName: file.processingName,
      contentHash: read.contentHash,
      size: read.size,
    }),
  );
  if (received.outcome === 'duplicate') {
    log.info({ channel: channel.name, file: file.originalName, manifestId: received.manifest.id }, 'the same file was dropped again: nothing to do, archived');
    try {
      await channel.archive(file);
    } catch (error) {
      log.warn({ channel: channel.name, file: file.processingName, error: message(error) }, 'archiving a duplicate failed');
    }
    return 'recorded';
  }
  if (received.outcome !== 'already-received') {
    ctx.metrics.filesClaimed.inc({ channel: channel.name });
    log.info(
      { channel: channel.name, file: file.originalName, manifestId: received.manifest.id, outcome: received.outcome, bytes: read.size },
      'manifest received',
    );
  }
  ctx.onReceived();
  return 'recorded';
}

/** What one intake pass saw. */
export interface IntakePass {
  /** Files claimed from the inbox this pass. */
  readonly claimed: number;
  /** Files in `processing/` the store does not know yet (waiting to settle, or changed while read). */
  readonly unrecorded: readonly ClaimedFile[];
}

/**
 * The intake of one channel across passes: what `processing/` files are known to the store, how
 * long unrecorded ones have been unchanged, which irregular inbox entries were already reported.
 */
export class ChannelIntake {
  readonly #ctx: IntakeContext;
  /** processing names the store has a record of (they stay known until they leave processing/). */
  readonly #known = new Set<string>();
  /** unrecorded processing files: last size/mtime and since when unchanged. */
  readonly #settling = new Map<string, { size: number | undefined; mtimeMs: number | undefined; since: number }>();
  /** irregular inbox entries already reported (name + kind). */
  readonly #reported = new Set<string>();

  constructor(ctx: IntakeContext) {
    this.#ctx = ctx;
  }

  /**
   * One pass: the store must answer first (nothing leaves the inbox while it cannot record it);
   * then complete inbox files are claimed (up to `limit`, so that instances sharing an inbox share
   * the files), and every file in `processing/` the store does not know — just claimed, left by a
   * crash, by a store outage, or set aside because it changed while read — is recorded once it has
   * stayed unchanged for the channel's `settleMs`.
   */
  async pass(limit = 10): Promise<IntakePass> {
    const { store, channel, log } = this.#ctx;
    await storeStep(() => store.ping());
    const taken = await takeReadyFiles(channel, { limit });
    for (const rejected of taken.rejected) {
      log.warn(
        { channel: channel.name, file: rejected.name, reason: rejected.reason, movedTo: rejected.movedTo, report: rejected.reportName },
        'inbox file refused; moved to failed/ with an error report',
      );
    }
    for (const { name, error } of taken.refuseErrors) {
      log.warn({ channel: channel.name, file: name, error: message(error) }, 'inbox file refused, but it could not be moved to failed/ yet; retrying on the next pass');
    }
    await this.#reportIrregular(taken.irregular ?? []);
    const unrecorded = await this.#recordProcessing(taken.claimed);
    return { claimed: taken.claimed.length, unrecorded };
  }

  /** Records what `processing/` holds that the store does not know yet (see {@link pass}). */
  async #recordProcessing(justClaimed: readonly ClaimedFile[]): Promise<ClaimedFile[]> {
    const { store, channel, now } = this.#ctx;
    const settleMs = channel.settleMs ?? 0;
    const listed = await channel.listProcessing();
    const present = new Set(listed.map((f) => f.processingName));
    for (const name of this.#known) if (!present.has(name)) this.#known.delete(name);
    for (const name of this.#settling.keys()) if (!present.has(name)) this.#settling.delete(name);
    const fresh = new Set(justClaimed.map((f) => f.processingName));
    const unrecorded: ClaimedFile[] = [];
    for (const file of listed) {
      if (this.#known.has(file.processingName)) continue;
      const records = await storeStep(() => store.findManifests({ channel: channel.name, processingName: file.processingName, limit: 1 }));
      if (records.length > 0) {
        this.#known.add(file.processingName);
        this.#settling.delete(file.processingName);
        continue;
      }
      const at = now();
      const seen = this.#settling.get(file.processingName);
      if (seen === undefined || seen.size !== file.size || seen.mtimeMs !== file.mtimeMs) {
        this.#settling.set(file.processingName, { size: file.size, mtimeMs: file.mtimeMs, since: at });
      }
      const since = this.#settling.get(file.processingName)?.since ?? at;
      if (settleMs > 0 && at - since < settleMs) {
        unrecorded.push(file);
        continue;
      }
      const outcome = await receiveClaimed(this.#ctx, file);
      if (outcome === 'recorded') {
        this.#known.add(file.processingName);
        this.#settling.delete(file.processingName);
        if (!fresh.has(file.processingName) && seen === undefined) {
          this.#ctx.log.info({ channel: channel.name, file: file.processingName }, 'recorded a file found unrecorded in processing/');
        }
      } else if (outcome === 'changed') {
        this.#settling.set(file.processingName, { size: undefined, mtimeMs: undefined, since: at });
        unrecorded.push(file);
      } else {
        this.#settling.delete(file.processingName);
      }
    }
    return unrecorded;
  }

  /** One error report per irregular inbox entry (symlink, FIFO, folder): logged, written to the outbox, left in place. */
  async #reportIrregular(entries: readonly IrregularEntry[]): Promise<void> {
    const { channel, log, metrics } = this.#ctx;
    const keys = new Set<string>();
    for (const entry of entries) {
      const key = JSON.stringify([entry.name, entry.kind]);
      keys.add(key);
      if (this.#reported.has(key)) continue;
      const id = createHash('sha256').update(`${channel.name}\0${key}`).digest('hex').slice(0, 8);
      const reportName = `${sanitiseRefusedName(entry.name)}.error-${id}.txt`;
      const report = [
        `File: ${JSON.stringify(entry.name)}`,
        `Result: FAILED (INTAKE_NOT_REGULAR_FILE) — it is a ${entry.kind}, not a regular file; nothing was read or sent.`,
        'It is left in the inbox: replace it with a regular file (or remove it).',
        '',
      ].join('\n');
      await channel.writeOutbox(reportName, report);
      this.#reported.add(key);
      metrics.manifestsFailed.inc({ channel: channel.name, code: 'INTAKE_NOT_REGULAR_FILE' });
      log.warn({ channel: channel.name, file: JSON.stringify(entry.name), kind: entry.kind, report: reportName, code: 'INTAKE_NOT_REGULAR_FILE' }, 'inbox entry is not a regular file; reported and left in place');
    }
    for (const key of this.#reported) if (!keys.has(key)) this.#reported.delete(key);
  }
}
