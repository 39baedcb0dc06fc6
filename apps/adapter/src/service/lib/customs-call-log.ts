import type { DigitollEvent } from '@tollkit/digitoll-client';
import type { PipelineLog } from '../../pipeline/ports.js';

/** A logger that may also log at `trace` (pino's does). */
export type TraceableLog = PipelineLog & {
  trace?: (obj: Record<string, unknown>, msg: string) => void;
  isLevelEnabled?: (level: string) => boolean;
};

/** Values of token-like JSON fields, in case a body ever carried one. */
const SECRET_FIELDS = /("(?:access_token|accessToken|token|assertion|client_assertion|authorization)"\s*:\s*")[^"]*"/gi;

/** A body for a trace line: secrets blanked, cut at 8 KiB. */
export function traceBody(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  const clean = body.replace(SECRET_FIELDS, '$1[redacted]"');
  return clean.length > 8192 ? `${clean.slice(0, 8192)}… (${clean.length} characters)` : clean;
}

/**
 * The Digitoll client's `onEvent` for the service: each HTTP call to Customs as one `debug` line
 * (method, path, status, duration, attempt; never a token, never a body), and at `trace` the same
 * line with the request and response bodies. Retries and unknown outcomes stay warnings.
 */
export function logCustomsCalls(log: TraceableLog): (event: DigitollEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'http': {
        const fields = {
          method: event.method,
          path: event.path,
          status: event.status ?? null,
          durationMs: Math.round(event.durationMs),
          attempt: event.attempt,
          ...(event.reason === undefined ? {} : { reason: event.reason }),
        };
        const text = `customs call ${event.method} ${event.path} → ${event.status ?? 'no response'} in ${fields.durationMs} ms`;
        if (log.trace !== undefined && log.isLevelEnabled?.('trace') === true) {
          log.trace({ ...fields, requestBody: traceBody(event.requestBody), responseBody: traceBody(event.responseBody) }, text);
        } else log.debug(fields, text);
        return;
      }
      case 'retry':
        log.warn({ endpoint: event.endpoint, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason }, 'customs call retried');
        return;
      case 'outcome-unknown':
        log.warn({ endpoint: event.endpoint, reason: event.reason }, 'customs call: outcome unknown; it is looked up before any re-send');
        return;
      default:
        log.debug({ ...event }, `customs ${event.type}`);
    }
  };
}
