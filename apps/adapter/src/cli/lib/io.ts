/** What a command may touch: output streams, the environment and a stop signal. Tests pass their own. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Environment variables (the adapter is the only reader of `process.env`; commands read this instead). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on Ctrl-C (`routing --follow` stops cleanly). */
  readonly signal: AbortSignal;
}

/** Exit codes of `tollkit`. */
export const EXIT = {
  ok: 0,
  /** Customs refused the data (400 or FAILURE). */
  rejected: 1,
  /** Wrong command line. */
  usage: 2,
  /** Configuration, credentials or permissions. */
  config: 3,
  /** Try again later: network, 5xx, rate limit, still pending, outcome unknown. */
  transient: 4,
  /** A bug: a response we cannot read. */
  bug: 5,
} as const;

/** A wrong command line; printed with the command's usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A file named on the command line does not exist (exit code 2, like any other wrong command line). */
export class InputFileMissingError extends Error {
  override readonly name = 'InputFileMissingError';
}
