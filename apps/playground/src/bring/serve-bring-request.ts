import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BringService } from './bring-service.js';

/** Options of {@link serveBringRequest}. */
export interface ServeBringRequestOptions {
  /** Path below the Bring mount point, e.g. `/customs/v1/declarations` for `/bring/customs/v1/declarations`. */
  path: string;
  /** Largest accepted body (default 1 MiB); above it the answer is 413. */
  bodyLimitBytes?: number;
}

/**
 * Node `http` glue for the pure {@link BringService}: reads the raw body (so the service can answer
 * 400 on malformed JSON), calls `handle` and writes the JSON answer. For the playground's router and
 * for tests that serve Bring alone.
 *
 * @example
 * createServer((req, res) => {
 *   const url = new URL(req.url ?? '/', 'http://x');
 *   if (url.pathname.startsWith('/bring/')) void serveBringRequest(bring, req, res, { path: url.pathname.slice('/bring'.length) });
 * });
 */
export async function serveBringRequest(
  service: BringService,
  req: IncomingMessage,
  res: ServerResponse,
  options: ServeBringRequestOptions,
): Promise<void> {
  const limit = options.bodyLimitBytes ?? 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Past the limit the rest is read and discarded, so the client reliably gets the 413.
    if (size <= limit) chunks.push(buffer);
  }
  if (size > limit) {
    res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ error: `Request body exceeds ${limit} bytes` }));
    return;
  }
  const response = service.handle({
    method: req.method ?? 'GET',
    path: options.path,
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  });
  res.writeHead(response.status, response.headers);
  res.end(JSON.stringify(response.body));
}
