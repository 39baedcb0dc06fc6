/**
 * Takeover of a killed instance's file on one PostgreSQL store, through the real `tollkit run`:
 * two instances share one local inbox; the one that took the file is SIGKILLed while its house
 * POSTs are in flight (rows `submitting`); the other finishes the file within the lease time + 10 s (issue #18's scale-out target), every house
 * POSTed once. Before `digitoll.requestTimeoutMs`, the in-flight grace was a fixed 45 s whatever the
 * lease, so with a 5 s lease B finished the file ~50 s after the kill (bench/scale.ts measured
 * 51.4 s); it is now 1.5 × the request timeout.
 *
 * The second case kills the instance while the transport's POST is in flight. The third kills it
 * after Customs took the transport and the master but before their answers were stored: the
 * survivor re-sends the transport (it cannot be looked up) and reads the master's MRN from the
 * transport's status list once the transport has its MRN. It took 26.5 s on the old code (CI's
 * bench/scale.ts kill phase: 27.0 s): the master waited for the transport's MRN in the recovery step,
 * which runs before the poll, so it was resolved two rounds later, after 5 s × 2² of backoff.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDriver } from '../../src/store/lib/postgres-driver.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { waitForExit } from '../support/spawn-ready.js';
import { generateRoadManifest } from './generate-manifest.js';
import { FOLDERS, list, tempRoot, waitFor, writePlaygroundCredentials } from './harness.js';

const BIN = fileURLToPath(new URL('../../src/cli/tollkit.mjs', import.meta.url));
const LEASE_MS = 5_000;
const HOUSES = 12;

describe('a killed instance\'s file is finished by another within the lease time + 10 s', () => {
  let playground: Playground;
  let postgres: PostgresServer;
  const children: ChildProcess[] = [];
  const temp = tempRoot('tollkit-takeover-');

  beforeAll(async () => {
    [postgres, playground] = await Promise.all([startPostgres(), startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined })]);
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await waitForExit(child, 5_000);
    }
    await playground?.close();
    await postgres?.close();
    temp.remove();
  });

  const outputs = new Map<string, { text: string }>();

  /** Starts `tollkit run` as instance `id`; resolves once it logged "tollkit run: ready". */
  async function startInstance(id: string, url: string, channelRoot: string): Promise<ChildProcess> {
    const root = temp.root;
    const file = join(root, `${id}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        environment: 'playground',
        instanceId: id,
        dataDir: join(root, `data-${id}`),
        store: { kind: 'postgres', url },
        digitoll: { baseUrl: playground.url, requestTimeoutMs: 2_000 },
        maskinporten: writePlaygroundCredentials(root, playground),
        leases: { manifestMs: LEASE_MS, outboxMs: LEASE_MS },
        service: { http: false },
        channels: [
          {
            kind: 'local',
            name: 'shared',
            profile: examplePaths('road-forwarder-export').profilePath,
            path: channelRoot,
            include: ['*.csv'],
            pollIntervalMs: 100,
            readiness: { mode: 'rename' },
          },
        ],
      }),
    );
    const child = spawn(process.execPath, [BIN, 'run', '--config', file], { env: { ...process.env, TOLLKIT_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const output = { text: '' };
    outputs.set(id, output);
    child.stdout?.on('data', (d: Buffer) => (output.text += d.toString('utf8')));
    child.stderr?.on('data', (d: Buffer) => (output.text += d.toString('utf8')));
    await waitFor(`instance ${id} ready`, () => output.text.includes('tollkit run: ready') || (child.exitCode !== null && Promise.reject(new Error(output.text))), 60_000);
    return child;
  }

  /**
   * Two instances share one inbox; whichever took the file is SIGKILLed once a `level` row is
   * `submitting` (its POST in flight); the survivor must finish the file within lease + 10 s.
   */
  async function killMidSend(tag: string, levels: readonly ('house-consignment' | 'transport')[], options: { transportLanded?: boolean } = {}): Promise<void> {
    const url = await postgres.createDatabase();
    const channel = join(temp.root, `shared-${tag}`);
    for (const folder of Object.values(FOLDERS)) mkdirSync(join(channel, folder), { recursive: true });
    const ids = [`${tag}-a`, `${tag}-b`];
    const instances = new Map(await Promise.all(ids.map(async (id) => [id, await startInstance(id, url, channel)] as const)));
    const manifest = generateRoadManifest(1, HOUSES, { tag });
    writeFileSync(join(channel, 'inbox', '.k.part'), manifest.bytes);
    renameSync(join(channel, 'inbox', '.k.part'), join(channel, 'inbox', 'k.csv'));

    const db = createPostgresDriver({ connectionString: url });
    let owner: string;
    try {
      owner = await waitFor(
        options.transportLanded === true ? 'the transport and the master at Customs' : `${levels.join(' and ')} POSTs in flight`,
        async () => {
          const rows = await db.query<{ owner: string; level: string }>(
            "SELECT DISTINCT m.lease_owner AS owner, n.level FROM notifications n JOIN manifests m ON m.id = n.manifest_id WHERE m.lease_owner IS NOT NULL AND n.state = 'submitting'",
          );
          if (options.transportLanded === true) {
            const landed = playground.counters.snapshot().posts;
            if (!['transport', 'master-consignment'].every((level) => landed.some((p) => p.level === level))) return undefined;
            const [held] = await db.query<{ owner: string }>('SELECT lease_owner AS owner FROM manifests WHERE lease_owner IS NOT NULL');
            return held?.owner;
          }
          return levels.every((level) => rows.some((r) => r.level === level)) ? rows[0]?.owner : undefined;
        },
        60_000,
      );
    } finally {
      await db.close();
    }
    const victim = instances.get(owner) as ChildProcess;
    const survivorId = ids.find((id) => id !== owner) as string;
    const survivor = instances.get(survivorId) as ChildProcess;
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    playground.setFaults({});
    expect(await waitForExit(victim, 10_000)).toBe(true);

    const result = await waitFor('the result file', () => list(join(channel, 'outbox')).find((f) => f.startsWith('k.csv.result-')), 60_000);
    const takeoverMs = Date.now() - killedAt;
    const when = options.transportLanded === true ? 'transport and master answers lost' : `${levels.join(' and ')} in flight`;
    console.log(`takeover (${when}): result ${(takeoverMs / 1000).toFixed(1)} s after the kill (lease ${LEASE_MS / 1000} s)`);
    // the transport cannot be looked up: re-sent at most once (Customs' "already in use by MRN …" gives its MRN)
    for (const p of playground.counters.snapshot().posts.filter((x) => x.level === 'transport')) expect(p.count, 'transport POSTs').toBeLessThanOrEqual(2);
    if (takeoverMs > LEASE_MS + 10_000) console.log(outputs.get(survivorId)?.text);
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + 10_000);
    expect(result).toBeDefined();
    for (const house of manifest.houses) expect(playground.counters.postsFor('house-consignment', house, 'N730'), house).toBe(1);
    expect(playground.counters.postsFor('master-consignment', manifest.master, 'N730'), manifest.master).toBe(1);
    survivor.kill('SIGTERM');
    expect(await waitForExit(survivor, 30_000)).toBe(true);
  }

  it('SIGKILL with house POSTs in flight: taken over and finished within lease + 10 s, each house POSTed once', { timeout: 180_000 }, async () => {
    // 200 ms per request: the kill surely finds POSTs in flight
    playground.setFaults({ latencyMs: 200 });
    await killMidSend('K', ['house-consignment']);
  });

  it('SIGKILL with the transport\'s and houses\' POSTs in flight: finished within lease + 10 s, no house or master POSTed twice', { timeout: 180_000 }, async () => {
    // every request takes 1.5 s (under the 2 s request timeout) until the kill: it finds the
    // transport's and the houses' POSTs in flight; the survivor then works at full speed
    playground.setFaults({ latencyMs: 1_500 });
    await killMidSend('T', ['transport', 'house-consignment']);
  });

  it('SIGKILL after Customs took the transport and the master but before their answers were stored: finished within lease + 10 s', { timeout: 180_000 }, async () => {
    // the answers are lost: Customs holds both, the instance does not know; killed at once
    playground.setFaults({ dropRate: 1, dropPhase: 'after', pathPrefix: '/api/movement/road/v2/' });
    await killMidSend('L', [], { transportLanded: true });
  });
});
