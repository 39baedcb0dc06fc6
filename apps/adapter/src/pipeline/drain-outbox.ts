import type { PipelineChannel, PipelineDeps } from './ports.js';

/**
 * Writes pending outbox files (results, routing files, error reports) to their channels: each file is
 * leased, written under a temporary name and renamed by the channel, then marked written (which moves
 * a manifest whose result it is to `results-written`). A failed write is retried later.
 *
 * @param onlyChannel limit to one channel's files (used right after a result is queued)
 * @returns how many files were written
 */
export async function drainOutbox(deps: PipelineDeps, options: { onlyChannel?: PipelineChannel; max?: number } = {}): Promise<number> {
  let written = 0;
  const max = options.max ?? 1_000;
  for (let i = 0; i < max; i++) {
    const leased = await deps.store.leaseNextOutbox({
      owner: deps.owner,
      leaseMs: deps.tuning.outboxLeaseMs ?? deps.tuning.leaseMs,
      ...(options.onlyChannel !== undefined ? { channel: options.onlyChannel.name } : {}),
    });
    if (leased === undefined) break;
    const files = options.onlyChannel ?? deps.channel(leased.channel)?.files;
    if (files === undefined) {
      await deps.store.markOutboxRetry(leased.id, deps.owner, { error: `channel ${leased.channel} is not configured`, retryAt: deps.now() + 60_000 });
      continue;
    }
    try {
      await files.writeOutbox(leased.fileName, leased.content);
      await deps.store.markOutboxWritten(leased.id, deps.owner);
      written++;
      deps.onEvent?.({ type: 'outbox-written', channel: leased.channel, kind: leased.kind });
      deps.log.info({ channel: leased.channel, file: leased.fileName, kind: leased.kind }, 'file written to the outbox');
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      await deps.store.markOutboxRetry(leased.id, deps.owner, { error: text, retryAt: deps.now() + deps.tuning.retryDelayMs });
      deps.log.warn({ channel: leased.channel, file: leased.fileName, error: text }, 'writing to the outbox failed; retrying later');
      if (options.onlyChannel !== undefined) break;
    }
  }
  return written;
}
