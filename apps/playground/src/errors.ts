/** Stable codes of the playground's own errors (start-up and admin commands). */
export type PlaygroundErrorCode =
  | 'PLAYGROUND_STATE_UNREADABLE'
  | 'PLAYGROUND_LISTEN_FAILED'
  | 'PLAYGROUND_UNKNOWN_TRANSPORT'
  | 'PLAYGROUND_TRANSPORT_CANCELLED'
  | 'PLAYGROUND_TRANSPORT_ALREADY_ARRIVED';

/** Base error of the playground; match on `code`. */
export class PlaygroundError extends Error {
  constructor(
    readonly code: PlaygroundErrorCode,
    readonly category: 'bad-data' | 'transient' | 'bug' | 'config',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PlaygroundError';
  }
}
