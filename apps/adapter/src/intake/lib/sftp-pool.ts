import { createHash } from 'node:crypto';
import SftpClient from 'ssh2-sftp-client';
import { IntakeChannelStoppedError, IntakeConnectionFailedError, IntakeHostKeyRejectedError } from '../../errors.js';
import { backoffDelay, type BackoffOptions } from '../../lib/backoff.js';
import { hostKeyFingerprint } from './host-key.js';

/** Everything needed to open an SFTP connection (secrets already resolved). */
export interface SftpEndpoint {
  host: string;
  port: number;
  username: string;
  /** OpenSSH/PEM private key (key auth). */
  privateKey?: string | Buffer;
  passphrase?: string;
  /** Password auth (when no key is given). */
  password?: string;
  /** Accepted host key fingerprints, `SHA256:<base64>` as `ssh-keygen -lf` prints them. Others are refused. */
  hostKeyFingerprints: readonly string[];
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  /** Reconnect backoff (default 500 ms doubling up to 30 s). */
  backoff?: BackoffOptions;
}

interface Pooled {
  client: SftpClient | undefined; // undefined while the handshake runs
  readonly identity: string;
  alive: boolean;
  busy: boolean;
  idleTimer: NodeJS.Timeout | undefined;
}

/** Open/peak connection counts per `host:port`, for metrics and tests. */
export interface SftpPoolStats {
  readonly open: number;
  readonly peak: number;
}

const IDLE_CLOSE_MS = 30_000;

/**
 * The connections to one `host:port`, shared by every channel of this process that uses that
 * server: at most `max` open at once. Operations borrow an idle connection with the same identity
 * (user, credentials, pinned keys), open a new one below the bound, close an idle one of another
 * identity to make room, or wait. Idle connections close after 30 s.
 */
class HostPool {
  readonly #hostPort: string;
  #max: number;
  readonly #connections = new Set<Pooled>();
  #waiters: (() => void)[] = [];
  readonly #backoff = new Map<string, { failures: number; nextAt: number }>();
  #users = 0;
  peak = 0;

  constructor(hostPort: string, max: number) {
    this.#hostPort = hostPort;
    this.#max = max;
  }

  get open(): number {
    return this.#connections.size;
  }

  register(max: number): void {
    this.#users++;
    this.#max = Math.min(this.#max, max); // the strictest bound configured for this host wins
  }

  /** A channel stopped; the last one closes every connection. */
  async unregister(): Promise<void> {
    this.#users = Math.max(0, this.#users - 1);
    if (this.#users > 0) return;
    const all = [...this.#connections];
    await Promise.all(all.map((c) => this.#close(c)));
  }

  /**
   * Runs `fn` on a borrowed connection. `fn`'s own failures pass through; when `isBroken(error)`
   * says the connection is in doubt it is discarded instead of returned.
   */
  async use<T>(
    endpoint: SftpEndpoint,
    signal: AbortSignal,
    onError: (error: unknown) => void,
    fn: (client: SftpClient) => Promise<T>,
    isBroken: (error: unknown) => boolean,
  ): Promise<T> {
    const identity = identityOf(endpoint);
    const pooled = await this.#acquire(endpoint, identity, signal, onError);
    if (signal.aborted) {
      // The caller gave up while a connection was being opened for it: keep it for the next one.
      this.#release(pooled);
      throw new IntakeChannelStoppedError(this.#hostPort);
    }
    try {
      const result = await fn(pooled.client as SftpClient);
      this.#release(pooled);
      return result;
    } catch (error) {
      if (isBroken(error)) void this.#close(pooled);
      else this.#release(pooled);
      throw error;
    }
  }

  async #acquire(endpoint: SftpEndpoint, identity: string, signal: AbortSignal, onError: (error: unknown) => void): Promise<Pooled> {
    for (;;) {
      if (signal.aborted) throw new IntakeChannelStoppedError(this.#hostPort);
      const idle = [...this.#connections].find((c) => c.alive && !c.busy && c.client !== undefined && c.identity === identity);
      if (idle !== undefined) {
        idle.busy = true;
        if (idle.idleTimer !== undefined) clearTimeout(idle.idleTimer);
        idle.idleTimer = undefined;
        return idle;
      }
      if (this.#connections.size < this.#max) return this.#open(endpoint, identity, signal, onError);
      const other = [...this.#connections].find((c) => !c.busy && c.client !== undefined);
      if (other !== undefined) {
        void this.#close(other);
        continue;
      }
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(new IntakeChannelStoppedError(this.#hostPort));
        signal.addEventListener('abort', onAbort, { once: true });
        this.#waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  async #open(endpoint: SftpEndpoint, identity: string, signal: AbortSignal, onError: (error: unknown) => void): Promise<Pooled> {
    // Within the backoff after a failed connect: fail now rather than hold the caller (a pipeline
    // worker another partner's file may need) asleep; the caller retries later.
    const state = this.#backoff.get(identity);
    const wait = state === undefined ? 0 : state.nextAt - Date.now();
    if (wait > 0) {
      throw new IntakeConnectionFailedError(`${this.#hostPort}: not reachable at the last attempt; next attempt in ${Math.ceil(wait / 1000)} s`);
    }
    if (signal.aborted) throw new IntakeChannelStoppedError(this.#hostPort);
    const pooled: Pooled = { client: undefined, identity, alive: true, busy: true, idleTimer: undefined };
    this.#connections.add(pooled); // holds the slot during the handshake
    this.peak = Math.max(this.peak, this.#connections.size);
    try {
      pooled.client = await this.#connect(endpoint, pooled, onError);
      this.#backoff.delete(identity);
      if (!pooled.alive) throw new IntakeConnectionFailedError(`${this.#hostPort}: the connection closed right after the handshake`);
      return pooled;
    } catch (error) {
      if (!(error instanceof IntakeChannelStoppedError)) {
        const failures = (this.#backoff.get(identity)?.failures ?? 0) + 1;
        this.#backoff.set(identity, { failures, nextAt: Date.now() + backoffDelay(failures, endpoint.backoff ?? { initialMs: 500, maxMs: 30_000 }) });
      }
      void this.#close(pooled);
      throw error;
    }
  }

  async #connect(endpoint: SftpEndpoint, pooled: Pooled, onError: (error: unknown) => void): Promise<SftpClient> {
    let presented: string | undefined;
    let hostKeyRejected = false;
    const lost = (): void => void this.#close(pooled);
    // One client per connection, with listeners for its whole life: an error or end on an idle
    // connection must not crash the process; it discards the connection (no console output).
    const client = new SftpClient(`tollkit-${this.#hostPort}`, {
      error: (error: unknown) => {
        lost();
        if (!hostKeyRejected) onError(error);
      },
      end: lost,
      close: lost,
    });
    client.on('error', lost);
    client.on('end', lost);
    client.on('close', lost);
    try {
      await client.connect({
        host: endpoint.host,
        port: endpoint.port,
        username: endpoint.username,
        ...(endpoint.privateKey === undefined ? {} : { privateKey: endpoint.privateKey }),
        ...(endpoint.passphrase === undefined ? {} : { passphrase: endpoint.passphrase }),
        ...(endpoint.password === undefined ? {} : { password: endpoint.password }),
        readyTimeout: endpoint.readyTimeoutMs ?? 20_000,
        keepaliveInterval: endpoint.keepaliveIntervalMs ?? 10_000,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          presented = hostKeyFingerprint(key);
          hostKeyRejected = !endpoint.hostKeyFingerprints.includes(presented);
          return !hostKeyRejected;
        },
      });
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (hostKeyRejected) throw new IntakeHostKeyRejectedError(this.#hostPort, presented ?? 'unknown');
      const failures = (this.#backoff.get(pooled.identity)?.failures ?? 0) + 1;
      throw new IntakeConnectionFailedError(
        `connecting to ${this.#hostPort} as ${endpoint.username} failed (attempt ${failures}): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Closes every idle connection (after a timeout: sessions opened before it are likely stuck too). */
  discardIdle(): void {
    for (const c of [...this.#connections]) if (!c.busy && c.client !== undefined) void this.#close(c);
  }

  #release(pooled: Pooled): void {
    if (!pooled.alive) return;
    pooled.busy = false;
    pooled.idleTimer = setTimeout(() => void this.#close(pooled), IDLE_CLOSE_MS);
    pooled.idleTimer.unref();
    this.#wake();
  }

  async #close(pooled: Pooled): Promise<void> {
    if (pooled.idleTimer !== undefined) clearTimeout(pooled.idleTimer);
    pooled.idleTimer = undefined;
    const wasIn = this.#connections.delete(pooled);
    const wasAlive = pooled.alive;
    pooled.alive = false;
    if (wasIn) this.#wake();
    if (wasAlive && pooled.client !== undefined) await pooled.client.end().catch(() => undefined);
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

const pools = new Map<string, HostPool>();

/** The process-wide pool for `host:port` (created with `max` on first use; the smallest bound wins). */
export function hostPool(host: string, port: number): HostPool {
  const key = `${host}:${port}`;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new HostPool(key, Number.POSITIVE_INFINITY);
    pools.set(key, pool);
  }
  return pool;
}

/** Open and peak connection counts of the pool for `host:port`. */
export function sftpPoolStats(host: string, port: number): SftpPoolStats {
  const pool = pools.get(`${host}:${port}`);
  return { open: pool?.open ?? 0, peak: pool?.peak ?? 0 };
}

/** Connections are shared only between identical user + credentials + pinned keys. */
function identityOf(endpoint: SftpEndpoint): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        endpoint.username,
        endpoint.privateKey?.toString() ?? '',
        endpoint.passphrase ?? '',
        endpoint.password ?? '',
        [...endpoint.hostKeyFingerprints].sort(),
      ]),
    )
    .digest('hex');
}

export type { HostPool };
