import type { Channel, ClaimedFile, RejectedFile } from './channel.js';

/** What one pass over a channel's inbox took. */
export interface TakeResult {
  readonly claimed: readonly ClaimedFile[];
  /** Ready files another instance claimed first. */
  readonly lost: number;
  readonly waiting: number;
  readonly rejected: readonly RejectedFile[];
}

/**
 * Scans the inbox and claims every complete file (oldest first), up to `limit`.
 * A file someone else claimed first is skipped, not an error.
 *
 * @example
 * ```ts
 * const { claimed } = await takeReadyFiles(channel, { limit: 20 });
 * ```
 */
export async function takeReadyFiles(channel: Channel, options: { limit?: number } = {}): Promise<TakeResult> {
  const scan = await channel.scan();
  const claimed: ClaimedFile[] = [];
  let lost = 0;
  for (const file of scan.ready.slice(0, options.limit ?? Number.POSITIVE_INFINITY)) {
    const result = await channel.claim(file);
    if (result === undefined) lost++;
    else claimed.push(result);
  }
  return { claimed, lost, waiting: scan.waiting.length, rejected: scan.rejected };
}
