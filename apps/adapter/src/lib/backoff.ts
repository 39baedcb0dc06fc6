/** Exponential backoff settings. */
export interface BackoffOptions {
  /** Delay after the first failure. */
  initialMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
}

/**
 * Delay before retry number `failures` (1 = after the first failure): doubles each time up to
 * `maxMs`, with "equal jitter" (half fixed, half random) so several instances don't reconnect
 * in lockstep.
 */
export function backoffDelay(failures: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
