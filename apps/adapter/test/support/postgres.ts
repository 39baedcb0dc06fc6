import { execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { trackServer, untrackServer } from './cleanup.js';
import { freePort } from './ports.js';
import { stopTree } from './process-tree.js';
import { spawnUntilReady, waitForExit } from './spawn-ready.js';

const BIN = '/usr/lib/postgresql/15/bin';

/** A throw-away PostgreSQL server on loopback. */
export interface PostgresServer {
  readonly port: number;
  /** Connection string of the `postgres` database (user `test`, trust auth). */
  readonly adminUrl: string;
  /** Creates a fresh empty database and returns its connection string. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server as a crash would (`pg_ctl stop -m immediate`: no checkpoint, clients cut off). */
  crash(): Promise<void>;
  /** Starts it again on the same port and data folder (after {@link crash}). */
  restart(): Promise<void>;
  /** Stops the server (SIGINT, then SIGKILL for leftovers) and removes its folder. */
  close(): Promise<void>;
  /** Process id of the running postmaster (its CPU time includes the reaped backends': bench/scale.ts reads it). */
  pid(): number | undefined;
}

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** `true`: keep PostgreSQL's default `fsync=on` (a benchmark comparing with a fsyncing SQLite); default off (tests). */
  readonly durable?: boolean;
}

let counter = 0;

/**
 * Starts PostgreSQL 15 with `initdb` + `postgres` in a temporary folder on a free loopback port
 * (as the `postgres` system user when running as root, since both refuse to run as root).
 * Ready on "database system is ready to accept connections".
 *
 * @example
 * ```ts
 * const server = await startPostgres();
 * const url = await server.createDatabase();
 * afterAll(() => server.close());
 * ```
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tollkit-pg-'));
  const isRoot = process.getuid?.() === 0;
  let ids: { uid: number; gid: number } | undefined;
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    ids = { uid, gid };
    chownSync(dir, uid, gid);
  }
  const asUser = { cwd: dir, ...(ids ?? {}), env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } };
  execFileSync(
    join(BIN, 'initdb'),
    ['-D', join(dir, 'data'), '-U', 'test', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    { ...asUser, stdio: 'pipe' },
  );
  const port = await freePort();
  const spawnServer = async (): Promise<ChildProcess> => {
    const { child } = await spawnUntilReady(
      join(BIN, 'postgres'),
      ['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1',
        ...(options.durable === true ? [] : ['-c', 'fsync=off']), '-c', 'max_connections=200'],
      { ...asUser, readyText: 'database system is ready to accept connections', timeoutMs: 30_000 },
    );
    trackServer(child, dir);
    return child;
  };
  let server: ChildProcess = await spawnServer();
  const adminUrl = `postgres://test@127.0.0.1:${port}/postgres`;

  return {
    port,
    adminUrl,
    createDatabase: async (name) => {
      const database = name ?? `tollkit_${process.pid}_${++counter}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      } finally {
        await client.end();
      }
      return `postgres://test@127.0.0.1:${port}/${database}`;
    },
    crash: async () => {
      execFileSync(join(BIN, 'pg_ctl'), ['stop', '-m', 'immediate', '-D', join(dir, 'data')], { ...asUser, stdio: 'pipe' });
      await waitForExit(server, 10_000);
      untrackServer(server);
    },
    restart: async () => {
      server = await spawnServer();
    },
    close: async () => {
      await stopTree(server, 'SIGINT', 'postgres', { rootOnly: true });
      untrackServer(server);
      rmSync(dir, { recursive: true, force: true });
    },
    pid: () => server.pid,
  };
}

/**
 * Starts PostgreSQL for the current test file and stops it after the file's tests (vitest hooks).
 *
 * @example
 * ```ts
 * const postgres = usePostgres();
 * it('…', async () => { const url = await postgres().createDatabase(); });
 * ```
 */
export function usePostgres(): () => PostgresServer {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (server === undefined) throw new Error('usePostgres: the server is only available inside tests');
    return server;
  };
}
