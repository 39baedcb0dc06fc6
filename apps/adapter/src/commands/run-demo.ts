import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import {
  EXAMPLE_NAMES,
  EXAMPLE_REFERENCE_DATE,
  examplePaths,
  examplePresentationPaths,
  readMappingProfile,
  readPartnerProfile,
  type ExampleName,
  type PresentationExampleName,
} from '@tollkit/manifest';
import { startPlayground } from '@tollkit/playground';
import { createLocalChannel } from '../intake/local-channel.js';
import type { ResultFormat } from '../pipeline/ports.js';
import { connectPlayground } from '../service/connect-playground.js';
import { createLogger } from '../service/create-logger.js';
import { startService, type ServiceChannel } from '../service/start-service.js';
import { openJobStore } from '../store/open-job-store.js';
import { findUncarriedMasters, groupByCarrier, notifyCarrierTransport } from './lib/carrier-transport.js';
import { formatTable } from './lib/format-table.js';
import { decodeOutput } from '../pipeline/lib/output-conventions.js';

/** The result format each example partner asks for (all three formats are shown). */
const FORMATS: Record<ExampleName, ResultFormat> = {
  'road-forwarder-export': 'csv',
  'air-express-awb': 'xml',
  'postal-receptacles': 'json',
  'voec-webshop': 'csv',
  'rail-wagons': 'json',
};

/**
 * Partners whose goods are presented on arrival (the documented path for ICS2 air and postal goods):
 * the presentation example that presents them, when their notifications have their MRNs. Their
 * transports are not made to arrive through the playground's admin API.
 */
const PRESENTED_BY: Partial<Record<ExampleName, PresentationExampleName>> = {
  'air-express-awb': 'air-express-arrivals',
  'postal-receptacles': 'postal-arrivals',
};

/** Latest routing per house in a channel's CSV routing files (the demo's presentation channels write CSV). */
function routingInOutbox(outbox: string): Map<string, number> {
  const latest = new Map<string, string>();
  // Routing files are named after the partner's own manifest and written in its conventions.
  for (const file of listFiles(outbox).filter((f) => /\.routing-[0-9a-f]+\.csv$/u.test(f))) {
    const [header, ...rows] = decodeOutput(readFileSync(join(outbox, file))).trimEnd().split('\r\n');
    const delimiter = [',', ';', '\t', '|'].find((d) => (header ?? '').includes(d)) ?? ',';
    const columns = (header ?? '').split(delimiter);
    const at = (name: string) => columns.indexOf(name);
    for (const row of rows) {
      const cells = row.split(delimiter);
      latest.set(`${cells[at('documentNumber')]} ${cells[at('type')]}`, cells[at('routing')] ?? '');
    }
  }
  const counts = new Map<string, number>();
  for (const decision of latest.values()) counts.set(decision, (counts.get(decision) ?? 0) + 1);
  return counts;
}

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** The demo's folder; wiped at start (default `./demo-run`). */
  readonly dir: string;
  /** Where the demo prints. */
  readonly out: (line: string) => void;
  readonly timeoutMs?: number;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/**
 * The README's main command: starts the playground (Digitoll, Maskinporten) and the adapter with a
 * data folder under `dir`, drops the bundled example manifests into local inboxes (one partner
 * channel per example), presents the air express houses and the postal receptacles on arrival from
 * files (presentation channels `air-express-arrivals`, `postal-arrivals`) and makes the other
 * transports arrive through the playground's API, so Customs routes the houses; waits until every
 * file has its result file and every accepted house its routing line, then prints the result files
 * and a summary. Returns whether everything completed.
 */
export async function runDemo(options: DemoOptions): Promise<boolean> {
  const { dir, out } = options;
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const log = createLogger({ destination: join(dir, 'adapter.log'), level: 'info' });
  const pg = await startPlayground({ port: 0, validationDelayMs: 300, dataDir: join(dir, 'playground'), log: (line) => log.warn({ playground: line }, 'playground') });
  const { store } = await openJobStore({ kind: 'sqlite', dataDir: join(dir, 'data') });
  const rebaseTo = new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
  const channels: ServiceChannel[] = [];
  for (const name of EXAMPLE_NAMES) {
    channels.push({
      channel: createLocalChannel({
        name,
        root: join(dir, 'partners', name),
        folders: { inbox: 'inbox', processing: 'processing', archive: 'archive', failed: 'failed', outbox: 'outbox' },
        include: ['*.csv', '*.xml', '*.cancel'],
        exclude: [],
        pollIntervalMs: 500,
        readiness: { mode: 'rename', stableForMs: 0, doneSuffix: '.done' },
        maxFileBytes: 50 * 1024 * 1024,
      }),
      profile: {
        name,
        profile: await readMappingProfile(examplePaths(name).profilePath),
        profileName: name,
        resultFormat: FORMATS[name],
        // The examples' arrival times lie on a fixed day; move them to tomorrow.
        dateRebase: { from: EXAMPLE_REFERENCE_DATE, to: rebaseTo },
      },
    });
  }
  for (const name of Object.values(PRESENTED_BY)) {
    channels.push({
      channel: createLocalChannel({
        name,
        root: join(dir, 'partners', name),
        folders: { inbox: 'inbox', processing: 'processing', archive: 'archive', failed: 'failed', outbox: 'outbox' },
        include: ['*.csv', '*.xml'],
        exclude: [],
        pollIntervalMs: 500,
        readiness: { mode: 'rename', stableForMs: 0, doneSuffix: '.done' },
        maxFileBytes: 1024 * 1024,
      }),
      profile: { name, profile: await readPartnerProfile(examplePresentationPaths(name).profilePath), profileName: name, resultFormat: 'csv' },
    });
  }
  const { client } = connectPlayground(pg);
  const service = await startService({
    store,
    client,
    channels,
    log,
    http: { host: '127.0.0.1', port: 0 },
    routing: { enabled: true, intervalMs: 500 },
    outboxIntervalMs: 500,
    idlePollMs: 250,
    tuning: { initialPollDelayMs: 500, pollIntervalMs: 300, maxPollIntervalMs: 2_000, retryDelayMs: 500 },
  });
  out(`Playground (Digitoll + Maskinporten) at ${pg.url}`);
  out(`Adapter running: health ${service.httpUrl}/healthz, metrics ${service.httpUrl}/metrics, log ${relative(process.cwd(), join(dir, 'adapter.log'))}`);
  let ok = false;
  try {
    // Drop every example manifest the way a well-behaved producer does: temporary name, then rename.
    for (const name of EXAMPLE_NAMES) {
      const source = examplePaths(name).manifestPath;
      const inbox = join(dir, 'partners', name, 'inbox');
      mkdirSync(inbox, { recursive: true });
      writeFileSync(join(inbox, `.${basename(source)}.tmp`), readFileSync(source));
      renameSync(join(inbox, `.${basename(source)}.tmp`), join(inbox, basename(source)));
      out(`dropped ${relative(process.cwd(), join(inbox, basename(source)))}`);
    }
    const arrived = new Set<string>();
    const carried = new Set<string>();
    const presentedDropped = new Set<string>();
    const channelOf = new Map<string, string>();
    const presented = (manifestId: string) => channelOf.get(manifestId) !== undefined && PRESENTED_BY[channelOf.get(manifestId) as ExampleName] !== undefined;
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    for (;;) {
      for (const m of await store.findManifests({})) channelOf.set(m.id, m.channel);
      // Air express and postal goods are presented on arrival: once their notifications have their
      // MRNs (manifest archived), the terminal's arrival file goes into the presentation channel.
      for (const m of await store.findManifests({ states: ['archived'] })) {
        const by = PRESENTED_BY[m.channel as ExampleName];
        if (by === undefined || presentedDropped.has(by)) continue;
        const source = examplePresentationPaths(by).manifestPath;
        const inbox = join(dir, 'partners', by, 'inbox');
        mkdirSync(inbox, { recursive: true });
        writeFileSync(join(inbox, `.${basename(source)}.tmp`), readFileSync(source));
        renameSync(join(inbox, `.${basename(source)}.tmp`), join(inbox, basename(source)));
        presentedDropped.add(by);
        out(`goods of ${m.channel} arrived: dropped ${relative(process.cwd(), join(inbox, basename(source)))} (presentation)`);
      }
      // Other transports the adapter notified arrive at the border (the playground's admin API).
      const transports = (await store.findNotifications({ states: ['accepted', 'routed'] })).filter((n) => n.level === 'transport' && n.mrn !== null && !presented(n.manifestId));
      for (const t of transports) {
        if (t.mrn === null || arrived.has(t.mrn)) continue;
        const res = await fetch(`${pg.url}/_admin/arrive/${encodeURIComponent(t.mrn)}`, { method: 'POST' });
        if (!res.ok) throw new Error(`arrival of ${t.mrn} failed: HTTP ${res.status}`);
        arrived.add(t.mrn);
        out(`transport ${t.documentNumber} (${t.mode}, MRN ${t.mrn}) arrived at the border`);
      }
      // Postal and VOEC masters travel on someone else's transport: notify it as that carrier, then arrive.
      const presentedMasters = new Set(
        (await store.findNotifications({ states: ['accepted', 'routed'] })).filter((n) => n.level === 'master-consignment' && presented(n.manifestId)).map((n) => n.key),
      );
      for (const group of groupByCarrier((await findUncarriedMasters(store, carried)).filter((m) => !presentedMasters.has(`master-consignment|${m.documentNumber}|${m.type}|${m.carrier}`)))) {
        const mrn = await notifyCarrierTransport(client, group, { now: Date.now(), sequence: arrived.size + carried.size });
        for (const m of group) carried.add(`master-consignment|${m.documentNumber}|${m.type}|${m.carrier}`);
        if (mrn !== undefined && !arrived.has(mrn)) {
          await fetch(`${pg.url}/_admin/arrive/${encodeURIComponent(mrn)}`, { method: 'POST' });
          arrived.add(mrn);
          out(`carrier ${group[0]?.carrier} notified transport ${mrn} for ${group.map((m) => m.documentNumber).join(', ')} (${group[0]?.mode}); it arrived`);
        }
      }
      const manifests = await store.findManifests({});
      const done = manifests.filter((m) => m.state === 'archived' || m.state === 'failed').length;
      const accepted = (await store.findNotifications({ states: ['accepted'] })).filter((n) => n.level === 'house-consignment' && n.operation !== 'delete');
      const depths = await store.queueDepths();
      const expected = EXAMPLE_NAMES.length + Object.keys(PRESENTED_BY).length;
      if (manifests.length >= expected && done === manifests.length && accepted.length === 0 && depths.outboxPending === 0) break;
      if (Date.now() > deadline) {
        out(`timed out: ${done}/${manifests.length} manifests done, ${accepted.length} houses still waiting for routing`);
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }

    out('');
    for (const name of [...EXAMPLE_NAMES, ...Object.values(PRESENTED_BY)]) {
      const outbox = join(dir, 'partners', name, 'outbox');
      for (const file of listFiles(outbox)) {
        out(`──── ${relative(process.cwd(), join(outbox, file))}`);
        out(decodeOutput(readFileSync(join(outbox, file))).trimEnd());
        out('');
      }
    }
    const rows: string[][] = [];
    let allGood = true;
    for (const m of (await store.findManifests({})).sort((a, b) => a.channel.localeCompare(b.channel))) {
      const ns = await store.listNotifications(m.id);
      const count = (pred: (s: string) => boolean) => ns.filter((n) => pred(n.state)).length;
      const isPresentation = ns.some((n) => n.type.startsWith('presentation/'));
      const routing = isPresentation ? routingInOutbox(join(dir, 'partners', m.channel, 'outbox')) : new Map<string, number>();
      for (const n of isPresentation ? [] : ns) {
        if (n.mrn === null || n.level !== 'house-consignment') continue;
        const results = await store.listRoutingResults(n.mrn);
        const latest = results.sort((a, b) => (a.issuedAt ?? a.receivedAt) - (b.issuedAt ?? b.receivedAt)).at(-1);
        if (latest !== undefined) routing.set(latest.decision, (routing.get(latest.decision) ?? 0) + 1);
      }
      const results = listFiles(join(dir, 'partners', m.channel, 'outbox')).filter((f) => f.startsWith(`${m.originalName}.result-`)).length;
      if (m.state !== 'archived' || results !== 1) allGood = false;
      if (isPresentation && routing.size === 0) allGood = false;
      const kinds = new Map<string, number>();
      for (const n of isPresentation ? ns : []) {
        const kind = n.type.split('/')[1] ?? n.type;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      }
      rows.push([
        m.channel,
        m.originalName,
        m.state,
        isPresentation ? '-' : String(ns.length),
        isPresentation ? '-' : String(count((s) => s === 'accepted' || s === 'routed')),
        isPresentation ? `${count((s) => s === 'accepted' || s === 'routed')}/${ns.length} ${[...kinds].map(([k, v]) => `${k}×${v}`).join(' ')}` : '-',
        String(count((s) => s === 'rejected')),
        String(count((s) => s === 'invalid')),
        [...routing].map(([k, v]) => `${k}×${v}`).join(' ') || '-',
        String(results),
      ]);
    }
    out(formatTable(['partner', 'file', 'state', 'notifications', 'MRNs', 'presented', 'rejected', 'invalid', 'routing', 'result files'], rows));
    out(
      `${rows.length} files, ${arrived.size} transports arrived, ${presentedDropped.size} arrivals presented, ${((Date.now() - started) / 1000).toFixed(1)} s. Files under ${relative(process.cwd(), dir) || '.'}/partners/<partner>/{archive,failed,outbox}.`,
    );
    ok = allGood && rows.length === EXAMPLE_NAMES.length + Object.keys(PRESENTED_BY).length;
  } finally {
    await service.close();
    await store.close();
    await pg.close();
    log.flush();
  }
  return ok;
}
