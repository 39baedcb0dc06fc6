import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
    driver = createSqliteDriver(join(options.dataDir, 'tollkit.sqlite'), {
      ...(options.synchronous === undefined ? {} : { synchronous: options.synchronous }),
    });
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
    throw error;
  }
}
