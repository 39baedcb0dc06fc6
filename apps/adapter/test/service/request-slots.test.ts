/**
 * The service's workers share one set of request slots (`tuning.requestsInFlight`, config
 * `service.requestsInFlight`): however many manifests are worked on at once, the playground never
 * sees more of their requests in flight than that — counted where the requests arrive, on the
 * playground's HTTP server — and the slots are used (the limit is reached), every house POSTed once.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { dropInto, list, memoryLog, startRoadService, tempRoot, waitFor } from '../e2e/harness.js';

const SLOTS = 5;
const FILES = 3;
const HOUSES = 40;

describe('request slots shared by the workers', () => {
  const temp = tempRoot('tollkit-slots-');
  let close: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await close?.();
    temp.remove();
  });

  it(`keeps at most ${SLOTS} notification requests in flight with ${FILES} files worked on at once`, { timeout: 120_000 }, async () => {
    let current = 0;
    let max = 0;
    const onStart = (message: unknown): void => {
      const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
      // Notification sends and their status polls (not tokens, not the routing feed).
      if (!/^\/api\/movement\/road\//.test(request.url ?? '')) return;
      current++;
      max = Math.max(max, current);
      response.once('close', () => current--);
    };
    diagnostics.subscribe('http.server.request.start', onStart);
    try {
      const started = await startRoadService(temp.root, 'acme', memoryLog(), { requestsInFlight: SLOTS });
      close = started.close;
      // Each request takes 30 ms, so the files' sends and polls overlap.
      started.pg.setFaults({ latencyMs: 30 });
      const manifests = Array.from({ length: FILES }, (_, i) => generateRoadManifest(i + 1, HOUSES, { tag: `S${i}` }));
      manifests.forEach((m, i) => dropInto(join(temp.root, 'acme', 'inbox'), `s${i}.csv`, m.bytes));
      await waitFor(`${FILES} result files`, () => list(join(temp.root, 'acme', 'outbox')).filter((f) => f.includes('.result-')).length === FILES, 90_000);

      expect(max).toBeLessThanOrEqual(SLOTS);
      expect(max).toBe(SLOTS);
      for (const m of manifests) {
        for (const house of m.houses) expect(started.pg.counters.postsFor('house-consignment', house, 'N730')).toBe(1);
      }
    } finally {
      diagnostics.unsubscribe('http.server.request.start', onStart);
    }
  });
});
