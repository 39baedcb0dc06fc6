import { X509Certificate, createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBringService } from './bring/bring-service.js';
import { autoCancel } from './lib/auto-cancel.js';
import { createClock, formatInstant } from './lib/clock.js';
import { Counters } from './lib/counters.js';
import { type FaultConfig, FaultInjector } from './lib/faults.js';
import { ClientGoneError, HttpError, type Reply } from './lib/http.js';
import { Graph } from './lib/graph.js';
import { ProcessingQueue } from './lib/processor.js';
import { StateIndex } from './lib/state-index.js';
import type { Runtime, RuntimeSettings } from './lib/runtime.js';
import { loadOrCreateSigningKey } from './lib/signing-key.js';
import { type ClientRecord, type PlaygroundState, emptyState, loadState, saveState } from './lib/state.js';
import { signCustomsToken } from './lib/tokens.js';
import { insufficientScope } from './customs-auth/authorize.js';
import { ensureDemoClient } from './maskinporten/demo-client.js';
import { buildRouter, PROCESSORS } from './routes.js';
import { arriveTransport as arrive } from './routing/routing-engine.js';
import { PlaygroundError } from './errors.js';
import type { ArrivalResult, Playground, PlaygroundOptions, RegisterClientInput } from './types.js';

/** Longest a change waits before the state file is rewritten. */
const STATE_SAVE_INTERVAL_MS = 1_000;

function positive(name: string, value: number | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) throw new TypeError(`startPlayground: ${name} must be a number ${allowZero ? '>= 0' : '> 0'} (got ${String(value)})`);
  return value;
}

function toClientRecord(input: RegisterClientInput): ClientRecord {
  if (typeof input.clientId !== 'string' || input.clientId.length === 0) throw new TypeError('registerClient: clientId must be a non-empty string');
  if (!/^\d{9}$/.test(input.orgNumber)) throw new TypeError('registerClient: orgNumber must be 9 digits');
  if (!Array.isArray(input.scopes) || input.scopes.length === 0) throw new TypeError('registerClient: scopes must be a non-empty array');
  if (input.certificatePem === undefined && input.jwk === undefined) throw new TypeError('registerClient: give certificatePem (x5c grants) and/or jwk + kid (kid grants)');
  const record: ClientRecord = { clientId: input.clientId, orgNumber: input.orgNumber, scopes: [...input.scopes] };
  if (input.certificatePem !== undefined) {
    try {
      new X509Certificate(input.certificatePem);
    } catch {
      throw new TypeError('registerClient: certificatePem is not a PEM certificate');
    }
    record.certificatePem = input.certificatePem;
  }
  if (input.jwk !== undefined) {
    const kid = input.kid ?? (typeof input.jwk['kid'] === 'string' ? input.jwk['kid'] : undefined);
    if (kid === undefined) throw new TypeError('registerClient: a jwk needs a kid');
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = input.jwk;
    record.jwks = [{ kid, jwk: publicJwk }];
  }
  return record;
}

/**
 * Starts the playground: Digitoll (MO, query, presentation, routing, relation, arrival), Maskinporten and Bring
 * on one loopback HTTP server.
 *
 * @example
 * const pg = await startPlayground({ port: 0, validationDelayMs: 0 });
 * const token = await pg.issueCustomsToken({ orgNumber: '912345688', scopes: ['toll:movement/road/v2'] });
 * await fetch(`${pg.url}/api/movement/road/v2/test-auth`, { headers: { authorization: `Bearer ${token}` } });
 * await pg.close();
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const settings: RuntimeSettings = {
    customsTokenLifetimeSeconds: positive('customsTokenLifetimeSeconds', options.customsTokenLifetimeSeconds, 970),
    maskinportenTokenLifetimeSeconds: positive('maskinportenTokenLifetimeSeconds', options.maskinportenTokenLifetimeSeconds, 120),
    bodyLimitBytes: positive('bodyLimitBytes', options.bodyLimitBytes, 5 * 1024 * 1024),
    validationDelayMs: positive('validationDelayMs', options.validationDelayMs, 0, true),
    vehicleRegister: options.vehicleRegister ?? false,
  };
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`startPlayground: port must be an integer 0..65535 (got ${String(port)})`);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  const faults = new FaultInjector(options.faults ?? {});
  const extraClients = (options.clients ?? []).map(toClientRecord);
  const bringDefaultRate = positive('bringRateLimitPerSecond', options.bringRateLimitPerSecond, 10, true);
  let state: PlaygroundState;
  try {
    state = options.stateFile !== undefined ? loadState(options.stateFile) : emptyState();
  } catch (error) {
    throw new PlaygroundError('PLAYGROUND_STATE_UNREADABLE', 'config', `Cannot read state file ${options.stateFile ?? ''}: ${(error as Error).message}`, { cause: error });
  }
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tollkit-playground-'));
  const counters = new Counters();
  const index = new StateIndex(state);
  let saveTimer: NodeJS.Timeout | undefined;
  let lastSaveAt = 0;
  let closed = false;
  const persist = () => {
    if (options.stateFile === undefined) return;
    state.clockOffsetMs = clock.offsetMs;
    saveState(options.stateFile, state);
    lastSaveAt = performance.now();
  };
  const clock = createClock(options.now ?? Date.now, options.now === undefined ? state.clockOffsetMs : 0, () => {
    autoCancel(rt);
    rt.changed();
  });
  const signingKey = loadOrCreateSigningKey(join(dataDir, 'signing-key.pem'));
  let baseUrl = '';
  const queue: ProcessingQueue = new ProcessingQueue(() => rt, PROCESSORS, (e) => log(`playground: processing error: ${(e as Error).stack ?? String(e)}`));

  const rt: Runtime = {
    clock,
    state,
    signingKey,
    counters,
    faults,
    settings,
    index,
    graph: () => new Graph(state, index.links()),
    baseUrl: () => baseUrl,
    maskinportenAudience: () => `${baseUrl}/maskinporten/`,
    customsIssuer: () => `${baseUrl}/api/access`,
    changed() {
      // Written at most once per STATE_SAVE_INTERVAL_MS: the whole state is one JSON file, so saving after every
      // request would cost O(state) per request. A kill -9 loses at most the last interval; close() saves at once.
      if (options.stateFile === undefined || saveTimer !== undefined || closed) return;
      const wait = Math.max(0, lastSaveAt + STATE_SAVE_INTERVAL_MS - performance.now());
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        if (!closed) persist();
      }, wait);
      saveTimer.unref();
    },
    validationDelayMs: () => faults.config.validationDelayMs ?? settings.validationDelayMs,
    enqueue: (requestId) => queue.enqueue(requestId, rt.validationDelayMs()),
  };

  const demoClient = ensureDemoClient(join(dataDir, 'demo-client'), clock.now());
  const registerClient = (input: RegisterClientInput) => {
    const record = toClientRecord(input);
    state.clients = [...state.clients.filter((c) => c.clientId !== record.clientId), record];
    rt.changed();
  };
  const demoJwk = createPublicKey(demoClient.keyPem).export({ format: 'jwk' }) as Record<string, unknown>;
  // Two registrations (a client with a pre-registered key must use kid): the business-certificate client (x5c) and
  // the key client (kid), same organisation, scopes and key.
  registerClient({ clientId: demoClient.clientId, orgNumber: demoClient.orgNumber, scopes: demoClient.scopes, certificatePem: demoClient.certificatePem });
  registerClient({ clientId: demoClient.keyClientId, orgNumber: demoClient.orgNumber, scopes: demoClient.scopes, jwk: demoJwk, kid: demoClient.kid });
  for (const c of extraClients) state.clients = [...state.clients.filter((x) => x.clientId !== c.clientId), c];

  const bring = createBringService({ rateLimitPerSecond: bringDefaultRate, now: () => clock.now() });
  counters.bringCounters = () => bring.counters();
  counters.bringReset = () => bring.reset();

  const arriveTransport = (transportMrn: string, opts: { customsOfficeOfEntry?: string } = {}): ArrivalResult => {
    const found = index.links().byMrn.get(transportMrn);
    const t = found?.level === 'transport' ? found : undefined;
    if (t === undefined) throw new PlaygroundError('PLAYGROUND_UNKNOWN_TRANSPORT', 'bad-data', `No transport with MRN ${transportMrn}`);
    if (t.status !== 'ACTIVE') throw new PlaygroundError('PLAYGROUND_TRANSPORT_CANCELLED', 'bad-data', `Transport ${transportMrn} is cancelled`);
    if (t.arrivedAt !== undefined) throw new PlaygroundError('PLAYGROUND_TRANSPORT_ALREADY_ARRIVED', 'bad-data', `Transport ${transportMrn} has already arrived`);
    const at = clock.now();
    const routed = arrive(rt, t, at, opts.customsOfficeOfEntry);
    return {
      transportMrn,
      arrivedAt: formatInstant(at),
      routed: routed.map((r) => ({
        documentNumber: r.house.documentNumber,
        type: r.house.type,
        routing: r.routing,
        ...(r.routingControlLocation ? { routingControlLocation: r.routingControlLocation } : {}),
        id: r.id,
      })),
    };
  };

  const setFaults = (f: FaultConfig) => {
    faults.set(f);
    bring.setRateLimitPerSecond(f.bringRateLimitPerSecond ?? bringDefaultRate);
  };
  if (options.faults?.bringRateLimitPerSecond !== undefined) bring.setRateLimitPerSecond(options.faults.bringRateLimitPerSecond);
  const router = buildRouter(rt, {
    arriveTransport,
    registerClient,
    setFaults,
    bring,
    processPending: () => queue.drain(true),
  });

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  // The Date header has whole seconds: formatted once per second of the playground's clock, not per answer.
  let dateSecond = Number.NaN;
  let dateText = '';
  const httpDate = (): string => {
    const now = clock.now();
    const second = Math.floor(now / 1000);
    if (second !== dateSecond) {
      dateSecond = second;
      dateText = new Date(now).toUTCString();
    }
    return dateText;
  };

  function writeReply(res: ServerResponse, reply: Reply): void {
    if (reply.text !== undefined) {
      res.writeHead(reply.status, { 'content-type': 'text/plain; charset=utf-8', date: httpDate(), ...reply.headers });
      res.end(reply.text);
    } else if (reply.body === undefined) {
      res.writeHead(reply.status, { date: httpDate(), ...reply.headers });
      res.end();
    } else {
      res.writeHead(reply.status, { 'content-type': 'application/json', date: httpDate(), ...reply.headers });
      res.end(JSON.stringify(reply.body));
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://playground.invalid');
    const method = req.method ?? 'GET';
    try {
      autoCancel(rt);
      queue.drain();
      const found = router.match(method, url.pathname);
      if (!('route' in found)) {
        const status = found.allowed.length > 0 ? 405 : 404;
        const extra: Record<string, string> = found.allowed.length > 0 ? { allow: found.allowed.join(', ') } : {};
        req.resume();
        writeReply(res, { status, headers: extra, body: { timestamp: new Date(clock.now()).toISOString(), status, error: status === 404 ? 'Not Found' : 'Method Not Allowed', path: url.pathname } });
        return;
      }
      const endpoint = `${method} ${found.route.pattern}`;
      counters.countRequest(endpoint);
      const decision = faults.decide(url.pathname);
      if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs));
      if (decision.kind === 'refuse') {
        counters.countFault('refused');
        throw insufficientScope("The organisation's access to this API has been withdrawn (injected fault)");
      }
      if (decision.kind === 'throttle') {
        counters.countFault('throttled');
        req.resume();
        writeReply(res, { status: 429, headers: { 'retry-after': String(decision.retryAfterSeconds) }, body: { status: 429, error: 'Too Many Requests' } });
        return;
      }
      if (decision.kind === 'error') {
        counters.countFault('errors');
        req.resume();
        writeReply(res, { status: decision.status, body: { status: decision.status, error: 'Injected server error' } });
        return;
      }
      if (decision.kind === 'drop' && decision.phase === 'before') {
        counters.countFault('dropped');
        req.socket.destroy();
        return;
      }
      const reply = await found.route.handler({ req, res, url, params: found.params, endpoint });
      if (decision.kind === 'drop') {
        counters.countFault('dropped');
        req.socket.destroy();
        return;
      }
      writeReply(res, reply);
    } catch (error) {
      if (error instanceof HttpError) {
        if (!req.complete) req.resume();
        writeReply(res, { status: error.status, headers: error.headers, body: error.body });
        return;
      }
      if (error instanceof ClientGoneError) {
        log(`playground: client went away during ${method} ${url.pathname}`);
        res.destroy();
        return;
      }
      log(`playground: unexpected error on ${method} ${url.pathname}: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) writeReply(res, { status: 500, body: { status: 500, error: 'Internal Server Error' } });
      else res.destroy();
    }
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    closed = true;
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw new PlaygroundError('PLAYGROUND_LISTEN_FAILED', 'config', `Cannot listen on ${host}:${port}: ${(error as Error).message}`, { cause: error });
  }
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  // Requests submitted before a restart are processed right away.
  for (const r of state.requests) if (r.result === undefined) queue.enqueue(r.requestId, 0);
  persist();

  const pg: Playground = {
    url: baseUrl,
    maskinporten: { tokenUrl: `${baseUrl}/maskinporten/token`, audience: `${baseUrl}/maskinporten/` },
    bringUrl: `${baseUrl}/bring`,
    demoClient,
    counters,
    clock,
    registerClient,
    async issueCustomsToken(input) {
      if (!/^\d{9}$/.test(input.orgNumber)) throw new TypeError('issueCustomsToken: orgNumber must be 9 digits');
      return signCustomsToken(rt, { orgNumber: input.orgNumber, scopes: [...input.scopes], clientId: 'playground-direct' }, input.expiresInSeconds ?? settings.customsTokenLifetimeSeconds);
    },
    arriveTransport,
    setFaults,
    processPending: () => queue.drain(true),
    async close() {
      if (closed) return;
      closed = true;
      queue.stop();
      if (saveTimer !== undefined) clearTimeout(saveTimer);
      persist();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return pg;
}

