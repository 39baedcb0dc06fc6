/**
 * Issue #18: every `/healthz` answer counted all the store's notifications (`queueDepths`:
 * `COUNT(*) … GROUP BY state` over the whole table) just to report the pending outbox files. On
 * SQLite that count runs on the service's own thread, so with a million rows stored each probe
 * blocked the event loop for as long (bench/memory: slowest `/healthz` 1,061 ms while planning a
 * 1,000,000-row manifest). `/healthz` now asks for the pending outbox files alone (one indexed
 * count); `/metrics` and the console still show every state.
 *
 * The real SQLite store and the real service over HTTP; the store is only watched (a Proxy that
 * records which of its methods are called and passes every call through).
 */
import { join } from 'node:path';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { localChannel, memoryLog, roadProfile, startTestService, tempRoot } from '../e2e/harness.js';

describe('/healthz does not count the notifications', () => {
  const temp = tempRoot('tollkit-healthz-cost-');
  let pg: Playground;
  let store: JobStore;
  let service: RunningService | undefined;
  const calls: string[] = [];

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const watched = new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(property));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    await store.enqueueOutbox({ channel: 'acme', fileName: 'waiting.txt', content: 'x', kind: 'routing' });
    service = await startTestService(pg, watched, [{ channel: localChannel(temp.root, 'acme'), profile: await roadProfile('acme') }], memoryLog(), { http: true });
  }, 60_000);

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('answers from a ping and the pending outbox count, without queueDepths', async () => {
    const url = `${service?.httpUrl ?? ''}/healthz`;
    calls.length = 0;
    const response = await fetch(url);
    const body = (await response.json()) as { status?: string; outboxPending?: number };
    expect(calls).not.toContain('queueDepths');
    expect(calls).toContain('ping');
    expect(calls).toContain('outboxPending');
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    // The routing file queued before the start is still pending or just written: the count is real.
    expect(typeof body.outboxPending).toBe('number');
    expect(body.outboxPending).toBeLessThanOrEqual(1);
  }, 30_000);

  it('/metrics gives the largest event-loop delay since the start (issue #18: how long the service could not answer)', async () => {
    const text = await (await fetch(`${service?.httpUrl ?? ''}/metrics`)).text();
    const match = /^tollkit_event_loop_delay_max_seconds (\S+)$/m.exec(text);
    expect(match, text.slice(0, 500)).not.toBeNull();
    const seconds = Number(match?.[1]);
    // Timers of 10 ms resolution ran since the start: some delay was measured, and not a silly one.
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(60);
  }, 30_000);
});
