import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteDriver } from '../../src/store/lib/sqlite-driver.js';
import { makeTempDir } from '../support/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A driver on a fresh file with a table `t (id TEXT PRIMARY KEY, v INTEGER)`, and the number of frames in its
 * write-ahead log: every commit appends at least one frame (the changed page), so 50 separate commits of one row
 * add ≥ 50 frames and one commit of 50 rows a handful.
 */
async function fresh() {
  const dir = makeTempDir('group-commit');
  cleanups.push(() => dir.remove());
  const file = join(dir.path, 'g.sqlite');
  // SQLite's own checkpoint: the frame count below assumes a log that only grows, and the worker's
  // checkpoints (sqlite-checkpointer.test.ts) would start it over at any moment.
  const driver = createSqliteDriver(file, { checkpoint: 'auto' });
  cleanups.push(() => driver.close());
  await driver.query('CREATE TABLE t (id TEXT PRIMARY KEY, v INTEGER NOT NULL)');
  const walFrames = () => {
    const size = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    return size <= 32 ? 0 : (size - 32) / (4096 + 24);
  };
  return { driver, file, walFrames };
}

describe('SQLite driver: group commit of single-statement writes', () => {
  it('commits writes issued in one loop round together; every caller learns of its write only after the commit', async () => {
    const { driver, file, walFrames } = await fresh();
    const before = walFrames();
    const seenOnDisk: number[] = [];
    const writes = Array.from({ length: 50 }, (_, i) =>
      driver.query<{ id: string }>('INSERT INTO t (id, v) VALUES (?, ?) RETURNING id', [`r${i}`, i]).then((rows) => {
        // Durable when the caller hears of it: another connection already sees the row.
        const other = new Database(file, { readonly: true });
        seenOnDisk.push((other.prepare('SELECT COUNT(*) AS c FROM t WHERE id = ?').get(`r${i}`) as { c: number }).c);
        other.close();
        return rows;
      }),
    );
    const rows = await Promise.all(writes);
    expect(rows.map((r) => r[0]?.id)).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
    expect(seenOnDisk.every((c) => c === 1)).toBe(true);
    // One commit for the 50 writes: a few frames, not 50.
    expect(walFrames() - before).toBeLessThan(5);
    // Issued one after the other (each awaited), they are 50 commits.
    const mid = walFrames();
    for (let i = 0; i < 50; i++) await driver.query('UPDATE t SET v = ? WHERE id = ?', [i + 100, `r${i}`]);
    expect(walFrames() - mid).toBeGreaterThanOrEqual(50);
  });

  it('a failing statement fails alone; the others in its batch are committed', async () => {
    const { driver } = await fresh();
    await driver.query('INSERT INTO t (id, v) VALUES (?, ?)', ['dup', 0]);
    const results = await Promise.allSettled([
      driver.query('INSERT INTO t (id, v) VALUES (?, ?)', ['a', 1]),
      driver.query('INSERT INTO t (id, v) VALUES (?, ?)', ['dup', 2]),
      driver.query('INSERT INTO t (id, v) VALUES (?, ?)', ['b', 3]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
    const rows = await driver.query<{ id: string; v: number }>('SELECT id, v FROM t ORDER BY id');
    expect(rows).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 3 },
      { id: 'dup', v: 0 },
    ]);
  });

  it('keeps issue order: a read or transaction issued after a write sees it, one issued before does not', async () => {
    const { driver } = await fresh();
    const readBefore = driver.query<{ c: number }>('SELECT COUNT(*) AS c FROM t');
    const write = driver.query('INSERT INTO t (id, v) VALUES (?, ?)', ['x', 1]);
    const readAfter = driver.query<{ c: number }>('SELECT COUNT(*) AS c FROM t');
    const inTx = driver.transaction(async (tx) => (await tx.query<{ c: number }>('SELECT COUNT(*) AS c FROM t'))[0]?.c);
    const lateWrite = driver.query('UPDATE t SET v = 2 WHERE id = ?', ['x']);
    const readLast = driver.query<{ v: number }>('SELECT v FROM t WHERE id = ?', ['x']);
    expect((await readBefore)[0]?.c).toBe(0);
    await write;
    expect((await readAfter)[0]?.c).toBe(1);
    expect(await inTx).toBe(1);
    await lateWrite;
    expect((await readLast)[0]?.v).toBe(2);
  });
});
