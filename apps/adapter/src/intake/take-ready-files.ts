import type { Channel, ClaimedFile, IrregularEntry, RefusedFile } from './channel.js';

/** What one pass over a channel's inbox took. */
export interface TakeResult {
  readonly claimed: readonly ClaimedFile[];
  /** Ready files another instance claimed first. */
  readonly lost: number;
  readonly waiting: number;
  /**
   * Files with a refused name (`INTAKE_UNSAFE_NAME`) this pass answered: each moved to `failed/`
   * under a safe name (`movedTo`) with an error report in the outbox (`reportName`). A file appears
   * here once, so a caller that logs these logs each refused file once.
   */
  readonly rejected: readonly RefusedFile[];
  /**
   * Refused files that could not be answered this pass (an I/O error): they stay in the inbox and are
   * tried again on the next pass; normal files are claimed regardless.
   */
  readonly refuseErrors: readonly { readonly name: string; readonly error: unknown }[];
  /** Inbox entries matching the include patterns that are not regular files (left in place). */
  readonly irregular: readonly IrregularEntry[];
}

/**
 * Scans the inbox, answers every complete file with a refused name (moved to `failed/` with an
 * error report), and claims every complete file (oldest first), up to `limit`.
 * A file someone else claimed or refused first is skipped, not an error.
 *
 * @example
 * ```ts
 * const { claimed, rejected } = await takeReadyFiles(channel, { limit: 20 });
 * for (const r of rejected) log.warn({ file: JSON.stringify(r.name), reason: r.reason, movedTo: r.movedTo }, 'refused');
 * ```
 */
export async function takeReadyFiles(channel: Channel, options: { limit?: number } = {}): Promise<TakeResult> {
  const scan = await channel.scan();
  const rejected: RefusedFile[] = [];
  const refuseErrors: { name: string; error: unknown }[] = [];
  for (const file of scan.refusable) {
    try {
      const refused = await channel.refuse(file);
      if (refused !== undefined) rejected.push(refused);
    } catch (error) {
      refuseErrors.push({ name: file.name, error });
    }
  }
  const claimed: ClaimedFile[] = [];
  let lost = 0;
  for (const file of scan.ready.slice(0, options.limit ?? Number.POSITIVE_INFINITY)) {
    const result = await channel.claim(file);
    if (result === undefined) lost++;
    else claimed.push(result);
  }
  return { claimed, lost, waiting: scan.waiting.length, rejected, refuseErrors, irregular: scan.irregular ?? [] };
}
