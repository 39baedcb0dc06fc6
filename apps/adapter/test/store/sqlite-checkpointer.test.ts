import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteDriver, type SqliteDriverOptions } from '../../src/store/lib/sqlite-driver.js';
import { makeTempDir } from '../support/temp-dir.js';
import { waitFor } from '../support/wait-for.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

/** A driver on a fresh file with a table of 1 KiB blobs. */
async function fresh(options: SqliteDriverOptions = {}) {
  const dir = makeTempDir('checkpointer');
  cleanups.push(() => dir.remove());
  const file = join(dir.path, 'c.sqlite');
  const driver = createSqliteDriver(file, options);
  let open = true;
  cleanups.push(() => (open ? driver.close() : undefined));
  await driver.query('CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB NOT NULL)');
  let next = 0;
  /** One transaction of `rows` rows (~1 KiB each). */
  const write = (rows: number) =>
    driver.transaction(async (tx) => {
      for (let i = 0; i < rows; i++) await tx.query('INSERT INTO t (id, b) VALUES (?, ?)', [next++, Buffer.alloc(1024, i % 251)]);
    });
  return { driver, file, write, closed: () => (open = false) };
}

describe('SQLite driver: the write-ahead log is checkpointed off the service thread', () => {
  it('the service connection never checkpoints by itself; the worker copies the log and, once idle, truncates it', async () => {
    const { driver, file, write } = await fresh();
    const db = new Database(file, { readonly: true });
    cleanups.push(() => void db.close());
    // ~2 MiB: under SQLite's automatic checkpoint (1,000 pages), so only the worker copies it.
    for (let i = 0; i < 4; i++) await write(500);
    const copied = await waitFor(() => size(file) > 2 * 2 ** 20, { what: 'the database file to hold the rows' });
    expect(copied).toBe(true);
    expect(size(`${file}-wal`)).toBeGreaterThan(0);
    // Idle for 2 s: the log is truncated (its disk space given back).
    await waitFor(() => size(`${file}-wal`) === 0, { what: 'the idle log truncated' });
    expect((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(2000);
    expect((await driver.query<{ n: number }>('SELECT COUNT(*) AS n FROM t'))[0]?.n).toBe(2000);
  });

  it('bounds the log when this process writes without a pause: past the limit a commit waits for a checkpoint', async () => {
    // A worker that never checkpoints by itself (a starved one): only the limit keeps the log small.
    const { file, write } = await fresh({ walLimitBytes: 2 ** 20, checkpointIntervalMs: 3_600_000 });
    let largest = 0;
    // 16 MiB in 256 KiB transactions, back to back.
    for (let i = 0; i < 64; i++) {
      await write(256);
      largest = Math.max(largest, size(`${file}-wal`));
    }
    // The limit plus one transaction (16 MiB without the limit).
    expect(largest).toBeLessThan(1.5 * 2 ** 20);
  });

  it('close stops the worker first, so the service connection is the last and removes the log', async () => {
    const { driver, file, write, closed } = await fresh();
    await write(100);
    expect(size(`${file}-wal`)).toBeGreaterThan(0);
    await driver.close();
    closed();
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(100);
    db.close();
  });
});
