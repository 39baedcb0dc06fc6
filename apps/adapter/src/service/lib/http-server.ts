import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the health and metrics endpoints read. */
export interface HttpHandlers {
  health(): Promise<{ ok: boolean; body: Record<string, unknown> }>;
  metrics(): Promise<string>;
}

/** A running `/healthz` + `/metrics` server. */
export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the operations HTTP server (`GET /healthz`, `GET /metrics`) on `host:port` (0 = any free port). */
export async function startOpsServer(host: string, port: number, handlers: HttpHandlers): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const run = async () => {
      if (path === '/healthz') {
        const { ok, body } = await handlers.health();
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
      } else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(await handlers.metrics());
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    };
    run().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
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
