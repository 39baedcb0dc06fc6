import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';

/** What the health and metrics endpoints read, and the console mounted beside them. */
export interface HttpHandlers {
  health(): Promise<{ ok: boolean; body: Record<string, unknown> }>;
  metrics(): Promise<string>;
  /** The operator console (a fetch handler, e.g. a Hono app's `fetch`) for every other path; without it those paths are 404. */
  console?: { readonly fetch: (request: Request) => Response | Promise<Response> } | undefined;
}

/** A running ops server (`/healthz`, `/metrics`, the console). */
export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The ops routes on one Hono app: `/healthz`, `/metrics` (GET/HEAD only), then the console. */
export function opsApp(handlers: HttpHandlers): Hono {
  const app = new Hono();
  const notAllowed = () => new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  app.on(['GET', 'HEAD'], '/healthz', async (c) => {
    const { ok, body } = await handlers.health();
    return c.body(`${JSON.stringify(body)}\n`, ok ? 200 : 503, { 'content-type': 'application/json' });
  });
  app.on(['GET', 'HEAD'], '/metrics', async (c) =>
    c.body(await handlers.metrics(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }),
  );
  app.all('/healthz', notAllowed);
  app.all('/metrics', notAllowed);
  const console = handlers.console;
  if (console !== undefined) app.mount('/', (request) => console.fetch(request));
  app.notFound((c) => c.text('not found\n', 404));
  app.onError((error, c) => c.text(`internal error: ${error.message}\n`, 500));
  return app;
}

/**
 * Starts the operations HTTP server on `host:port` (0 = any free port): `GET /healthz`,
 * `GET /metrics` and, when given, the operator console on every other path (Hono on Node's http).
 */
export async function startOpsServer(host: string, port: number, handlers: HttpHandlers): Promise<OpsServer> {
  const app = opsApp(handlers);
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
