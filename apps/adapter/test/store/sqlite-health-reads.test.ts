/**
 * Issue #18: `/healthz` waited for whatever transaction the service had open. Its store reads
 * (`ping`, the pending outbox count) queued behind this process's other SQLite statements, and a
 * manifest's plan stores 1,000 rows per transaction — on SQLite synchronously, so while a big file
 * was planned every answer took as long as the transaction in progress. They now run at once
 * (`SqlDriver.probe`), and a plan transaction lets the event loop turn every 20 ms.
 *
 * The real store on a real SQLite file; the transaction is held open by a second driver on the
 * same file, which shares the store's per-file queue as any statement of this process does.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteDriver } from '../../src/store/lib/sqlite-driver.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { makeTempDir } from '../support/temp-dir.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('SQLite store: health reads do not wait for an open transaction', () => {
  it('ping and outboxPending answer while another transaction of this process holds the database', async () => {
    const dir = makeTempDir('health-reads');
    cleanups.push(() => dir.remove());
    const { store } = await openJobStore({ kind: 'sqlite', dataDir: dir.path });
    cleanups.push(() => store.close());
    await store.enqueueOutbox({ channel: 'ch1', fileName: 'f', content: 'c', kind: 'routing' });
    const other = createSqliteDriver(join(dir.path, 'tollkit.sqlite'));
    cleanups.push(() => other.close());
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = other.transaction(async (tx) => {
      await tx.query(`SELECT 1 AS one`);
      order.push('transaction open');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('transaction done');
    });
    while (!order.includes('transaction open')) await new Promise((r) => setTimeout(r, 5));
    const health = Promise.all([store.ping(), store.outboxPending()]).then(([, pending]) => {
      order.push('health answered');
      return pending;
    });
    // Give the reads time to finish if they can (they would wait forever behind the transaction).
    await new Promise((r) => setTimeout(r, 200));
    release();
    await held;
    expect(await health).toBe(1);
    expect(order).toEqual(['transaction open', 'health answered', 'transaction done']);
  });
});
