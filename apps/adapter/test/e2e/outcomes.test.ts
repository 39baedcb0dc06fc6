/**
 * Issue #14, item 1 ("outcomes that tell the truth"): a generated file whose rows Customs mostly
 * rejects ends with a stored outcome `accepted-with-rejections`, a `warn` "done" line, a per-channel
 * outcome metric and counters that moved per request; progress lines while it is in progress; each
 * Customs call at debug without its token. Then resubmit: the rejected rows are sent again, the
 * accepted ones never twice. Real playground, real folders, real SQLite, real HTTP for /metrics.
 *
 * Rejections: a TVINN declaration sequence the playground does not know (99) — Customs' rule B9
 * (async FAILURE on the house's previous document; docs: toll.github.io api/mo, validation rules).
 */
import { join } from 'node:path';
import { readMappingProfile, examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeManifest } from '../../src/commands/describe-manifest.js';
import { findAnything } from '../../src/commands/find.js';
import { listManifests } from '../../src/commands/list-manifests.js';
import { resubmitManifest } from '../../src/commands/resubmit.js';
import type { AdapterConfig } from '../../src/config/load-config.js';
import { logCustomsCalls } from '../../src/service/lib/customs-call-log.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { generateRoadManifest } from './generate-manifest.js';
import { dropInto, FOLDERS, list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from './harness.js';

describe('a file Customs mostly rejects', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-outcomes-');
  const log = memoryLog();
  const metricSamples: string[] = [];
  const scrape = async (): Promise<string> => (await fetch(`${service.httpUrl}/metrics`)).text();
  const metric = (text: string, name: string, labels: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.split(',').every((p) => l.includes(p)));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };

  beforeAll(async () => {
    // Slow enough validation that the counters are seen between the first and the last answer.
    pg = await startPlayground({ port: 0, validationDelayMs: 20, log: () => undefined });
    // 10 ms per request, 2 in flight: sending the 62 rows takes ~0.3 s, several scrapes long.
    pg.setFaults({ latencyMs: 10 });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const profile = await readMappingProfile(examplePaths('road-forwarder-export').profilePath);
    service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'acme'), profile: { name: 'acme', profile, profileName: 'road', resultFormat: 'json' } }], log, {
      http: true,
      onClientEvent: logCustomsCalls(log),
      progressIntervalMs: 100,
      tuning: { submitConcurrency: 2 },
    });
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('stores the outcome, logs it at warn, counts it per channel and outcome, and counters move per request', async () => {
    const houses = 60;
    const file = generateRoadManifest(1, houses, { tag: 'R', rejectedRow: (j) => j % 10 !== 0 });
    dropInto(join(temp.root, 'acme', 'inbox'), 'mostly-rejected.csv', file.bytes);
    await waitFor('archived', async () => {
      metricSamples.push(await scrape());
      return list(join(temp.root, 'acme', 'archive')).some((f) => f.endsWith('-mostly-rejected.csv'));
    });
    const [manifest] = await store.findManifests({ originalName: 'mostly-rejected.csv' });
    // 54 houses rejected; 6 houses, their master and the transport accepted.
    expect(manifest).toMatchObject({ state: 'archived', outcome: 'accepted-with-rejections' });
    expect(manifest?.outcomeCounts).toEqual({ total: 62, sent: 62, accepted: 8, rejected: 54, invalid: 0, pending: 0 });

    const done = log.lines.find((l) => l.msg.startsWith('manifest done'));
    expect(done?.level).toBe('warn');
    expect(done?.msg).toBe('manifest done, accepted with rejections: 54 of 62 rejected or invalid (54 rejected by Customs, 0 invalid)');
    expect(done?.obj).toMatchObject({ outcome: 'accepted-with-rejections', channel: 'acme', file: 'mostly-rejected.csv' });

    const final = await scrape();
    expect(metric(final, 'tollkit_manifests_completed_total', 'channel="acme",outcome="accepted-with-rejections"')).toBe(1);
    expect(metric(final, 'tollkit_notifications_settled_total', 'channel="acme",state="rejected"')).toBe(54);
    expect(metric(final, 'tollkit_notifications_settled_total', 'channel="acme",state="accepted"')).toBe(8);
    expect(metric(final, 'tollkit_notifications_sent_total', 'channel="acme"')).toBe(62);
    // Per request, not one jump at the end: some scrape saw the sent counter strictly between 0 and 62
    // or the settled counter part way.
    const partial = metricSamples.filter((t) => {
      const sent = metric(t, 'tollkit_notifications_sent_total', 'channel="acme"');
      const rejected = metric(t, 'tollkit_notifications_settled_total', 'state="rejected"');
      return (sent > 0 && sent < 62) || (rejected > 0 && rejected < 54);
    });
    expect(partial.length).toBeGreaterThan(0);

    // Progress lines while in progress: sent / accepted / rejected / pending and an ETA field.
    const progress = log.lines.filter((l) => l.obj['manifestId'] === manifest?.id && l.msg.startsWith('manifest mostly-rejected.csv:'));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)?.obj).toEqual(expect.objectContaining({ sent: expect.any(Number), accepted: expect.any(Number), rejected: expect.any(Number), pending: expect.any(Number), perSecond: expect.any(Number) }));
    // the ETA: seconds once rows settle at a measurable rate, null before
    for (const line of progress) expect(line.obj['etaSeconds'] === null || typeof line.obj['etaSeconds'] === 'number').toBe(true);
    expect(progress.some((l) => /sent \d+, accepted \d+, rejected \d+, invalid \d+, pending \d+ of 62, ETA /.test(l.msg))).toBe(true);

    // Each Customs call at debug: method, path, status, duration; never the token.
    const calls = log.lines.filter((l) => l.level === 'debug' && l.msg.startsWith('customs call '));
    expect(calls.length).toBeGreaterThanOrEqual(62);
    expect(calls.find((l) => l.obj['method'] === 'POST')?.obj).toEqual(
      expect.objectContaining({ method: 'POST', path: expect.stringMatching(/^\/api\/movement\/road\/v\d\//), status: 202, durationMs: expect.any(Number) }),
    );
    const everything = JSON.stringify(log.lines);
    expect(everything).not.toMatch(/Bearer|eyJ[A-Za-z0-9_-]{10,}/);
    expect(everything).not.toContain('requestBody');

    // The list, the detail and the search show the same truth.
    const page = await listManifests(store, { outcome: 'accepted-with-rejections' });
    expect(page.manifests.map((m) => m.id)).toEqual([manifest?.id]);
    const detail = await describeManifest(store, manifest?.id as string, { states: ['rejected'], limit: 5 });
    expect(detail?.rows).toHaveLength(5);
    expect(detail?.rows[0]?.errors[0]?.field).toMatch(/^consignmentHouseLevel\.previousDocuments\[0\]/);
    expect(detail?.nextCursor).not.toBeNull();
    const found = await findAnything(store, file.houses[0] as string);
    expect(found).toMatchObject({ kinds: ['waybill'], verdict: 'settled' });
    expect(found.rows[0]).toMatchObject({ state: 'rejected', file: 'mostly-rejected.csv' });
  });

  it('resubmit sends the rejected rows again and never an accepted one twice', async () => {
    const [before] = await store.findManifests({ originalName: 'mostly-rejected.csv' });
    const posts = (): number => pg.counters.snapshot().posts.reduce((a, p) => a + p.count, 0);
    const accepted = (await store.listNotifications(before?.id as string)).filter((n) => n.state === 'accepted' || n.state === 'routed');
    const postsBefore = posts();
    const config = { channels: [{ kind: 'local', settings: { name: 'acme', root: join(temp.root, 'acme'), folders: FOLDERS, include: ['*'], exclude: [], readiness: { mode: 'stable', stableForMs: 150, doneSuffix: '.done' } } }] } as unknown as AdapterConfig;
    const result = await resubmitManifest({ config, store }, 'mostly-rejected.csv');
    expect(result).toMatchObject({ manifestId: before?.id, mode: 'rejected', toResend: 54 });
    expect(list(join(temp.root, 'acme', 'archive'))).not.toContain(before?.processingName);
    await waitFor('second version archived', async () => {
      const versions = await store.findManifests({ originalName: 'mostly-rejected.csv' });
      return versions.length === 2 && versions.every((m) => m.state === 'archived');
    });
    const versions = await store.findManifests({ originalName: 'mostly-rejected.csv' });
    const again = versions.find((m) => m.id !== before?.id);
    expect(again).toMatchObject({ resubmit: 'rejected', previousManifestId: before?.id, outcome: 'accepted-with-rejections' });
    const counts = await store.countNotifications(again?.id as string);
    // The 8 accepted rows are `unchanged` (not sent); the 54 rejected ones were sent again (and Customs rejects them again).
    expect(counts).toEqual({ unchanged: 8, rejected: 54 });
    expect(posts() - postsBefore).toBe(54);
    // An accepted notification went to Customs once, ever.
    for (const n of accepted) if (n.level !== 'transport') expect(pg.counters.postsFor(n.level, n.documentNumber, n.type)).toBe(1);
  });
});
