import { randomUUID } from 'node:crypto';
import {
  formatBringDeclarationErrors,
  validateBringDeclaration,
  type BringDeclarationRequest,
} from '@tollkit/carrier-customs';

/**
 * The playground's stand-in for Bring's Customs API, `POST /customs/v1/declarations`
 * (docs/digitoll.md §14.2). Pure request → response: no sockets, no timers; the HTTP server feeds it.
 *
 * Behaviour, in order:
 * 1. `path` (when given) must be `/customs/v1/declarations` → else 404; method POST → else 405.
 * 2. `X-Mybring-API-Uid` and `X-Mybring-API-Key` present → else 401 (and, when `users` is
 *    configured, the pair must match one of them → else 401).
 * 3. At most `rateLimitPerSecond` admitted requests per API uid in any sliding 1000 ms window on
 *    the injected clock → else 429 with `Retry-After` (whole seconds until a slot frees, ≥ 1).
 *    Throttled requests do not take a slot.
 * 4. `X-Bring-Test-Indicator` must be `true` or `false` (case-insensitive) → else 400.
 * 5. Body: raw text (string/bytes) that is not JSON → 400 (a protocol error, not a declaration).
 *    JSON that breaks the declaration schema → 200 `{ status: 'FAILED', error, processingId }`
 *    (Bring's documented business rejection). Valid → 200 `{ status: 'ACCEPTED', error: null,
 *    processingId: <new UUID> }`.
 *
 * Non-200 bodies are `{ error: string }` (Bring documents none; clients read only the status).
 */

/** Options of {@link createBringService}. */
export interface BringServiceOptions {
  /** Admitted requests per API uid per sliding second; `0` or `Infinity` = no limit. */
  rateLimitPerSecond: number;
  /** Clock in epoch ms (the playground's injectable clock). */
  now: () => number;
  /** Known Mybring users; when omitted any non-empty uid/key pair is accepted. */
  users?: readonly { apiUid: string; apiKey: string }[];
  /** Processing id factory (default `crypto.randomUUID`). */
  newProcessingId?: () => string;
}

/** A request as the HTTP server hands it over. Header names are matched case-insensitively. */
export interface BringServiceRequest {
  method: string;
  /** Path below the Bring mount point; checked only when given. */
  path?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body (string or bytes: JSON is parsed here, so malformed JSON gives 400) or parsed JSON. */
  body: unknown;
}

/** The response to write. */
export interface BringServiceResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** A declaration the service accepted. */
export interface AcceptedBringDeclaration {
  processingId: string;
  receivedAt: number;
  apiUid: string;
  testIndicator: boolean;
  consignmentId: string;
  body: BringDeclarationRequest;
}

/** Counters since creation (or the last `reset`). */
export interface BringServiceCounters {
  accepted: number;
  failed: number;
  throttled: number;
  unauthorized: number;
  badRequest: number;
  /** ACCEPTED declarations per `shipment.consignmentId` (a value > 1 is a duplicate). */
  byConsignmentId: Record<string, number>;
}

/** The service. */
export interface BringService {
  handle(request: BringServiceRequest): BringServiceResponse;
  counters(): BringServiceCounters;
  /** Accepted declarations, oldest first. */
  declarations(): readonly AcceptedBringDeclaration[];
  /** Changes the rate limit at run time (the playground's `setFaults({ rateLimit })`). */
  setRateLimitPerSecond(rateLimitPerSecond: number): void;
  /** Clears counters, declarations and rate windows. */
  reset(): void;
}

/** The one path the service answers (below the playground's `/bring` mount point). */
export const BRING_DECLARATIONS_PATH = '/customs/v1/declarations';
const WINDOW_MS = 1000;
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

function checkRate(rate: number): number {
  if (!(typeof rate === 'number' && rate >= 0 && (Number.isInteger(rate) || rate === Infinity))) {
    throw new TypeError('createBringService: rateLimitPerSecond must be a non-negative integer or Infinity');
  }
  return rate === 0 ? Infinity : rate;
}

function header(headers: BringServiceRequest['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function reply(status: number, body: unknown, extra: Record<string, string> = {}): BringServiceResponse {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body };
}

/**
 * Creates the playground's Bring Customs service.
 *
 * @example
 * const bring = createBringService({ rateLimitPerSecond: 5, now: pg.clock.now });
 * const res = bring.handle({ method: 'POST', path: '/customs/v1/declarations', headers, body: rawText });
 * // res.status 200, res.body { error: null, processingId: '…', status: 'ACCEPTED' }
 */
export function createBringService(options: BringServiceOptions): BringService {
  if (typeof options?.now !== 'function') throw new TypeError('createBringService: now must be a function');
  let rateLimit = checkRate(options.rateLimitPerSecond);
  const newProcessingId = options.newProcessingId ?? randomUUID;
  const users = options.users ? new Map(options.users.map((u) => [u.apiUid, u.apiKey])) : undefined;

  let counters: BringServiceCounters;
  let accepted: AcceptedBringDeclaration[];
  let windows: Map<string, number[]>;
  const reset = (): void => {
    counters = { accepted: 0, failed: 0, throttled: 0, unauthorized: 0, badRequest: 0, byConsignmentId: {} };
    accepted = [];
    windows = new Map();
  };
  reset();

  function admit(apiUid: string, at: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (rateLimit === Infinity) return { ok: true };
    const window = (windows.get(apiUid) ?? []).filter((t) => t > at - WINDOW_MS);
    windows.set(apiUid, window);
    if (window.length < rateLimit) {
      window.push(at);
      return { ok: true };
    }
    // The slot frees when the (length - rate + 1)-th oldest admission leaves the window.
    const freesAt = (window[window.length - rateLimit] ?? at) + WINDOW_MS;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - at) / 1000)) };
  }

  function handle(request: BringServiceRequest): BringServiceResponse {
    if (request.path !== undefined && request.path.split('?')[0]?.replace(/\/+$/, '') !== BRING_DECLARATIONS_PATH) {
      return reply(404, { error: `No such endpoint: ${request.path}` });
    }
    if (request.method.toUpperCase() !== 'POST') {
      return reply(405, { error: `Method ${request.method} not allowed; use POST` }, { allow: 'POST' });
    }

    const apiUid = header(request.headers, 'x-mybring-api-uid')?.trim();
    const apiKey = header(request.headers, 'x-mybring-api-key')?.trim();
    if (!apiUid || !apiKey) {
      counters.unauthorized++;
      return reply(401, { error: 'Authentication required: send X-Mybring-API-Uid and X-Mybring-API-Key' });
    }
    if (users !== undefined && users.get(apiUid) !== apiKey) {
      counters.unauthorized++;
      return reply(401, { error: 'Invalid Mybring API credentials' });
    }

    const at = options.now();
    const admission = admit(apiUid, at);
    if (!admission.ok) {
      counters.throttled++;
      return reply(
        429,
        { error: 'Too many requests: rate limit exceeded, retry later' },
        { 'retry-after': String(admission.retryAfterSeconds) },
      );
    }

    const indicator = header(request.headers, 'x-bring-test-indicator')?.trim().toLowerCase();
    if (indicator !== 'true' && indicator !== 'false') {
      counters.badRequest++;
      return reply(400, {
        error:
          indicator === undefined
            ? 'Missing required header X-Bring-Test-Indicator (true or false)'
            : 'Header X-Bring-Test-Indicator must be true or false',
      });
    }

    let body = request.body;
    if (typeof body === 'string' || body instanceof Uint8Array) {
      const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
      try {
        body = JSON.parse(text);
      } catch (error) {
        counters.badRequest++;
        return reply(400, { error: `Request body is not valid JSON: ${(error as Error).message}` });
      }
    }

    const processingId = newProcessingId();
    const result = validateBringDeclaration(body);
    if (!result.ok) {
      counters.failed++;
      return reply(200, { error: formatBringDeclarationErrors(result.errors), processingId, status: 'FAILED' });
    }
    const consignmentId = result.value.shipment.consignmentId;
    counters.accepted++;
    counters.byConsignmentId[consignmentId] = (counters.byConsignmentId[consignmentId] ?? 0) + 1;
    accepted.push({ processingId, receivedAt: at, apiUid, testIndicator: indicator === 'true', consignmentId, body: result.value });
    return reply(200, { error: null, processingId, status: 'ACCEPTED' });
  }

  return {
    handle,
    counters: () => ({ ...counters, byConsignmentId: { ...counters.byConsignmentId } }),
    declarations: () => [...accepted],
    setRateLimitPerSecond: (rate) => {
      rateLimit = checkRate(rate);
    },
    reset,
  };
}
