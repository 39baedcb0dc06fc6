import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AdapterError, StoreDatabaseMissingError, StoreUnavailableError } from '../errors.js';
import type { JobStore } from './job-store.js';
import { createPostgresDriver } from './lib/postgres-driver.js';
import type { SqlDriver } from './lib/sql-driver.js';
import { SqlJobStore } from './lib/sql-job-store.js';
import { createSqliteDriver } from './lib/sqlite-driver.js';
import { migrate, type MigrationReport } from './migrations.js';

/** Where the store lives. */
export type JobStoreOptions =
  | {
      kind: 'sqlite';
      /** The data folder; the database is `<dataDir>/tollkit.sqlite` (WAL mode). */
      dataDir: string;
      /**
       * `full` (default): each commit is fsynced — state survives power loss (~1 ms per commit here).
       * `normal`: survives process crashes (kill -9) but may lose the last commits on power loss.
       */
      synchronous?: 'full' | 'normal';
      now?: () => number;
    }
  | {
      kind: 'postgres';
      connectionString: string;
      password?: string;
      maxConnections?: number;
      now?: () => number;
    };

/** An open store plus what the start-up migration did. */
export interface OpenedJobStore {
  readonly store: JobStore;
  readonly migration: MigrationReport;
}

/**
 * Opens the job store and brings its schema up to date.
 *
 * @example
 * ```ts
 * const { store } = await openJobStore({ kind: 'sqlite', dataDir: './data' });
 * const next = await store.leaseNextManifest({ owner: 'host-1', leaseMs: 60_000 });
 * await store.close();
 * ```
 */
export async function openJobStore(options: JobStoreOptions): Promise<OpenedJobStore> {
  const now = options.now ?? Date.now;
  let driver: SqlDriver;
  if (options.kind === 'sqlite') {
    mkdirSync(options.dataDir, { recursive: true });
    try {
      driver = createSqliteDriver(join(options.dataDir, 'tollkit.sqlite'), {
        ...(options.synchronous === undefined ? {} : { synchronous: options.synchronous }),
      });
    } catch (error) {
      throw openError(options, error);
    }
  } else {
    driver = createPostgresDriver({
      connectionString: options.connectionString,
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
    });
  }
  try {
    const migration = await migrate(driver, now);
    return { store: new SqlJobStore(driver, now), migration };
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw openError(options, error);
  }
}

/** PostgreSQL SQLSTATEs that mean the configuration names a database or role that cannot be used. */
const CONFIG_SQLSTATES: Record<string, string> = {
  '3D000': 'the database does not exist (create it, or fix the connection string)',
  '28000': 'the role may not connect (pg_hba.conf or a missing role)',
  '28P01': 'the password was refused',
};

/** A failed open as a coded error: a missing database is a config error (exit 3), an unreachable server transient. */
function openError(options: JobStoreOptions, error: unknown): unknown {
  if (error instanceof AdapterError) return error;
  if (options.kind === 'sqlite') {
    const code = (error as { code?: unknown }).code;
    // A full disk or an unusable file: the operator's to fix, retried by the next start.
    return typeof code === 'string' && code.startsWith('SQLITE_')
      ? new StoreUnavailableError(`SQLite in ${options.dataDir} cannot be opened: ${(error as Error).message} (${code})`, { cause: error })
      : error;
  }
  const sqlState = (error as { code?: unknown }).code;
  const where = describeTarget(options.connectionString);
  if (typeof sqlState === 'string' && CONFIG_SQLSTATES[sqlState] !== undefined) {
    return new StoreDatabaseMissingError(`PostgreSQL ${where}: ${CONFIG_SQLSTATES[sqlState]} (${(error as Error).message})`, { cause: error });
  }
  return new StoreUnavailableError(`PostgreSQL ${where} cannot be reached: ${(error as Error).message}`, { cause: error });
}

/** host:port/database of a connection string, without user or password. */
function describeTarget(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`;
  } catch {
    return '(connection string)';
  }
}
