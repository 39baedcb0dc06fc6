/** The playground's injectable clock. Every time-dependent rule (token expiry, auto-cancellation, ETA checks) reads it. */
export interface PlaygroundClock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Moves the clock forward (or backward with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to an absolute instant (epoch milliseconds). */
  set(epochMs: number): void;
  /** Current offset from the base time source, in milliseconds. */
  readonly offsetMs: number;
}

/**
 * Creates a clock on top of `base` (default `Date.now`) with an adjustable offset.
 * `onChange` runs after every `advance`/`set` so time-driven rules can be re-evaluated.
 */
export function createClock(base: () => number = Date.now, initialOffsetMs = 0, onChange?: () => void): PlaygroundClock {
  let offset = initialOffsetMs;
  return {
    now: () => base() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new TypeError('clock.advance(ms): ms must be a finite number');
      offset += ms;
      onChange?.();
    },
    set(epochMs: number) {
      if (!Number.isFinite(epochMs)) throw new TypeError('clock.set(epochMs): epochMs must be a finite number');
      offset = epochMs - base();
      onChange?.();
    },
    get offsetMs() {
      return offset;
    },
  };
}

/** The last second {@link formatInstant} formatted (the text has whole seconds: every request stamps about the same). */
let formattedSecond = Number.NaN;
let formattedText = '';

/** Formats an instant as Customs does on the wire: `yyyy-MM-ddTHH:mm:ssZ`. */
export function formatInstant(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== formattedSecond) {
    formattedText = new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    formattedSecond = second;
  }
  return formattedText;
}

/** Strict parser for `yyyy-MM-ddTHH:mm:ssZ`; returns epoch ms or undefined. */
export function parseInstant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
