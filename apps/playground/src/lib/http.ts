import type { IncomingMessage } from 'node:http';

/** What a route handler answers; the server serialises it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw text body instead of JSON (e.g. `text/plain`). */
  text?: string;
}

/** An error that maps directly onto an HTTP answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** Customs' synchronous 400 shape: `{ validationErrors: [{ field, error }] }`. */
export function validationErrors(errors: { field: string; error: string }[]): HttpError {
  return new HttpError(400, { validationErrors: errors });
}

/** Spring-style error body Customs' gateway answers for 404/405/415/413. */
export function gatewayError(status: number, error: string, message: string, path: string, now: number): HttpError {
  return new HttpError(status, { timestamp: new Date(now).toISOString(), status, error, message, path });
}

/** The client closed the connection before its request body arrived: nothing to answer, nothing went wrong here. */
export class ClientGoneError extends Error {
  readonly code = 'PLAYGROUND_CLIENT_GONE';
  constructor(cause: unknown) {
    super('the client closed the connection before the request body was read', { cause });
    this.name = 'ClientGoneError';
  }
}

/** Reads the whole request body, refusing more than `limit` bytes with 413. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new HttpError(413, { error: 'Payload Too Large', message: `Request body exceeds ${limit} bytes` });
  // Plain listeners rather than `for await`: the stream's async iterator cost more per request than the reading.
  // (Anonymous listeners, left in place: a settled promise ignores what comes after, e.g. the `close` after `end`.)
  return new Promise<Buffer>((resolve, reject) => {
    if (req.readableEnded) {
      resolve(Buffer.alloc(0)); // already read to its end: nothing more comes
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    if (req.destroyed) {
      reject(new ClientGoneError(prematureClose()));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        reject(new HttpError(413, { error: 'Payload Too Large', message: `Request body exceeds ${limit} bytes` }));
        req.destroy(); // the rest is not read (as leaving a `for await` over the request did)
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error: unknown) => {
      if (settled) return;
      settled = true;
      const code = (error as { code?: string }).code;
      reject(code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || req.destroyed ? new ClientGoneError(error) : error);
    });
    // Closed before its end: the client went away (what `for await` reported as ERR_STREAM_PREMATURE_CLOSE).
    req.on('close', () => {
      if (settled) return;
      settled = true;
      reject(new ClientGoneError(prematureClose()));
    });
  });
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Media type of a request without parameters, lower-cased (`application/json`). */
export function mediaType(req: IncomingMessage): string | undefined {
  const ct = req.headers['content-type'];
  if (ct === undefined) return undefined;
  return ct.split(';')[0]?.trim().toLowerCase();
}

/** Parses a JSON body; a malformed document gives Customs' 400 shape naming the problem. */
export function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid JSON';
    throw validationErrors([{ field: 'body', error: `JSON parse error: ${reason}` }]);
  }
}

/** Parses an `application/x-www-form-urlencoded` body. */
export function parseForm(raw: Buffer): URLSearchParams {
  return new URLSearchParams(raw.toString('utf8'));
}

/** True when `value` is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
