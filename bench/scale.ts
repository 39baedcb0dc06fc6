/**
 * bench/scale — scale-out on one PostgreSQL: 1, then 2, then 4 adapter instances (`tollkit run`,
 * separate processes, each its own `instanceId`; instances are added to the running ones) share one
 * PostgreSQL 15 (started here, `fsync` on), one database and one local folder channel, against one
 * playground with `--latency-ms` (40) on every request; each phase drops a new set of `--n` houses.
 * Per instance count: throughput next to its latency bound, the speedup over one instance (target
 * ≥ 0.8 × N), the CPU per house of the adapters, of PostgreSQL and of the playground, PostgreSQL
 * commits per house, and how busy the whole machine was (near 100 %, the machine and not the adapter
 * bounds the speedup). Every phase: 0 duplicate POSTs, 0 files without exactly one result.
 *
 * Then the kill phase on the same instances: the first found with house POSTs in flight is
 * SIGKILLed; the others must finish its files within the lease time + 10 s, no house POSTed twice.
 * Printed: the files it held, the relet time (kill → none of them leased by it any more) and the
 * takeover time (kill → the last of them has its result).
 *
 * Last, the e2e ratio (adapter ÷ floor, as bench/e2e.ts, no added latency) of one instance on
 * PostgreSQL next to one on SQLite (`--e2e-n 0` skips it).
 *
 *   pnpm exec tsx bench/scale.ts [--quick] [--n 20000] [--houses-per-file 250] [--latency-ms 40] [--workers 3] [--requests-in-flight 16]
 *                                [--lease-ms 10000] [--request-timeout-ms 5000] [--kill-instances 4] [--kill-n 3000] [--e2e-n 5000] [--timeout-s 1800]
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Playground } from '@tollkit/playground';
import { createPostgresDriver } from '../apps/adapter/src/store/lib/postgres-driver.js';
import type { SqlDriver } from '../apps/adapter/src/store/lib/sql-driver.js';
import { startPostgres, type PostgresServer } from '../apps/adapter/test/support/postgres.js';
import { acceptedHouses } from './lib/adapter-run.js';
import { adapterEntry, countResults, makeChannelDirs, moveIntoInbox, startAdapter, tally, writeAdapterConfig, type AdapterProcess, type ChannelDirs } from './lib/adapter.js';
import { readArgs } from './lib/args.js';
import { failInvariant, finish, note, printFigure, printMustBeZero } from './lib/figures.js';
import { runTs } from './lib/node-child.js';
import { demoToken, duplicatePosts, startBenchPlayground } from './lib/playground.js';
import { machineCpuMs, processTreeCpuMs } from './lib/process-cpu.js';
import { generateRoadManifests, newRunId, roadProfilePath, type GeneratedSet } from './lib/road-manifest.js';
import { tempDir } from './lib/temp-dir.js';

const args = readArgs(['n', 'houses-per-file', 'latency-ms', 'workers', 'requests-in-flight', 'lease-ms', 'request-timeout-ms', 'kill-instances', 'kill-n', 'e2e-n', 'timeout-s']);
const n = args.ints['n'] ?? (args.quick ? 240 : 20_000);
const housesPerFile = args.ints['houses-per-file'] ?? (args.quick ? 20 : 250);
const latencyMs = args.ints['latency-ms'] ?? 40;
// The adapter's defaults: 3 workers sharing 16 request slots (`service.requestsInFlight`).
const workers = args.ints['workers'] ?? 3;
const requestsInFlight = args.ints['requests-in-flight'] ?? 16;
const leaseMs = args.ints['lease-ms'] ?? (args.quick ? 5_000 : 10_000);
// With 40 ms per request, 2–5 s is ample; a killed instance's requests in flight are looked up after 1.5 × it.
const requestTimeoutMs = args.ints['request-timeout-ms'] ?? (args.quick ? 2_000 : 5_000);
// the kill phase runs on the instances of the last phase (4), or on this many with --n 0
const killInstances = args.ints['kill-instances'] ?? 4;
// quick: 480 houses (~2 s of work for 4 instances), so the killer surely finds house POSTs in flight
const killN = args.ints['kill-n'] ?? (args.quick ? 480 : 3_000);
const e2eN = args.ints['e2e-n'] ?? (args.quick ? 0 : 5_000);
const timeoutMs = (args.ints['timeout-s'] ?? (args.quick ? 90 : 1_800)) * 1000;
const INSTANCE_COUNTS = [1, 2, 4] as const;
/** Takeover target: a killed instance's files are finished by the others within the lease time + this. */
const TAKEOVER_SLACK_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A running instance with its id. */
interface Instance {
  readonly id: string;
  readonly process: AdapterProcess;
}

/** Waits until every instance logged "tollkit run: ready" (store migrated, channel started). */
async function allReady(instances: readonly Instance[]): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (const { id, process: p } of instances) {
    let exited = false;
    void p.exited.then(() => (exited = true));
    while (!p.tail().includes('tollkit run: ready')) {
      if (exited || Date.now() > deadline) throw new Error(`instance ${id} did not start:\n${p.tail()}`);
      await sleep(50);
    }
  }
}

/** Starts `count` instances over one channel and one store. */
async function startInstances(options: { label: string; count: number; from?: number; pg: Playground; channel: ChannelDirs; store: Record<string, unknown>; work: string }): Promise<Instance[]> {
  await adapterEntry();
  const instances: Instance[] = [];
  const from = options.from ?? 1;
  for (let i = from; i < from + options.count; i++) {
    const id = `${options.label}-${i}`;
    const config = await writeAdapterConfig({
      dir: join(options.work, id),
      pg: options.pg,
      store: options.store,
      instanceId: id,
      workers,
      requestsInFlight,
      leaseMs,
      requestTimeoutMs,
      channels: [{ kind: 'local', name: 'shared', profile: roadProfilePath(), path: options.channel.root, include: ['*.csv'], pollIntervalMs: 200, readiness: { mode: 'rename' }, resultFormat: 'json' }],
    });
    instances.push({ id, process: startAdapter(config, process.env, { logFile: join(options.work, id, 'adapter.log') }) });
  }
  try {
    await allReady(instances);
  } catch (error) {
    await Promise.all(instances.map((i) => i.process.kill9()));
    throw error;
  }
  return instances;
}

/** CPU counters of the parts of a run, read together. */
interface CpuSnapshot {
  readonly adapters: number;
  readonly postgres: number;
  readonly playground: number;
  readonly machine: { busy: number; total: number };
}

function cpuSnapshot(instances: readonly Instance[], postgres: PostgresServer | undefined): CpuSnapshot {
  const pgPid = postgres?.pid();
  const own = process.cpuUsage();
  return {
    adapters: instances.reduce((sum, i) => sum + processTreeCpuMs(i.process.pid), 0),
    postgres: pgPid === undefined ? 0 : processTreeCpuMs(pgPid),
    // the playground runs in this process (the polling loop here costs little next to it)
    playground: (own.user + own.system) / 1000,
    machine: machineCpuMs(),
  };
}

/** Polls the outbox until every file has a result; `onTick` runs on every poll. */
async function waitAll(channel: ChannelDirs, names: readonly string[], instances: readonly Instance[], onTick?: (done: number) => Promise<void>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let lastNote = Date.now();
  for (;;) {
    const t = tally(await countResults(channel.outbox, names));
    if (t.missing === 0) return true;
    await onTick?.(t.exactlyOne + t.extra);
    if (instances.every((i) => i.process.child.exitCode !== null || i.process.child.signalCode !== null)) {
      note(`every instance has exited:\n${instances.map((i) => `${i.id}: ${i.process.tail()}`).join('\n')}`);
      return false;
    }
    if (Date.now() > deadline) {
      note(`timed out: ${t.missing} of ${names.length} files without a result\n${instances.map((i) => `${i.id}: ${i.process.tail().slice(-3000)}`).join('\n')}`);
      return false;
    }
    if (Date.now() - lastNote > 30_000) {
      lastNote = Date.now();
      note(`${t.exactlyOne + t.extra}/${names.length} files have a result`);
    }
    await sleep(100);
  }
}

/** Checks a finished phase: one result per file, every house accepted, the POST counters (of every phase so far, each with its own document numbers). */
async function checkPhase(prefix: string, pg: Playground, channel: ChannelDirs, set: GeneratedSet, options: { allowResends: boolean }): Promise<void> {
  await sleep(500); // a late second result file would show now
  const t = tally(await countResults(channel.outbox, set.files.map((f) => f.name)));
  printMustBeZero(`${prefix}.files_without_exactly_one_result`, t.missing + t.extra, 'files');
  const houses = await acceptedHousesOf(channel.outbox, set);
  printFigure(`${prefix}.houses_with_mrn`, houses, 'houses');
  if (houses !== set.houses) failInvariant(`${prefix}: ${houses} of ${set.houses} houses have an MRN`);
  const dup = duplicatePosts(pg);
  if (options.allowResends) {
    // as faults/crash: a transport (not looked up by number) in flight at the kill is re-sent on purpose
    printFigure(`${prefix}.duplicate_posts`, dup.duplicates, 'posts');
    printMustBeZero(`${prefix}.duplicate_house_posts`, dup.houseDuplicates, 'posts');
  } else printMustBeZero(`${prefix}.duplicate_posts`, dup.duplicates, 'posts');
  if (dup.examples.length > 0) note(`${prefix}: POSTed more than once: ${dup.examples.join(', ')}`);
}

/** Accepted houses in the result files of one set (the outbox holds every phase's). */
async function acceptedHousesOf(outbox: string, set: GeneratedSet): Promise<number> {
  const { mkdtemp, link, rm } = await import('node:fs/promises');
  const { readdir } = await import('node:fs/promises');
  const dir = await mkdtemp(join(outbox, '..', '.count-'));
  try {
    const mine = new Set(set.files.map((f) => f.name));
    for (const e of await readdir(outbox)) if (mine.has(e.replace(/\.(result|error)-[0-9a-f]{8}\.[a-z]+$/, ''))) await link(join(outbox, e), join(dir, e));
    return await acceptedHouses(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let setCounter = 0;
/** Generates a set of manifests (fresh document numbers) in a new folder under `work`. */
async function generate(work: string, houses: number): Promise<GeneratedSet> {
  const dir = join(work, `set-${++setCounter}`);
  await mkdir(dir, { recursive: true });
  return generateRoadManifests({ dir, houses, housesPerFile, runId: newRunId(), prefix: `s${setCounter}` });
}

/** What the scale phases share: one PostgreSQL database, one playground with latency, one channel, the instances started so far. */
interface Cluster {
  readonly postgres: PostgresServer;
  readonly pg: Playground;
  readonly channel: ChannelDirs;
  readonly store: Record<string, unknown>;
  readonly instances: Instance[];
  readonly work: string;
  /** A connection of the bench's own to the database (kill phase, commit counts). */
  readonly db: SqlDriver;
}

/** Transactions committed in the cluster's database so far (`pg_stat_database`, flushed by PostgreSQL every 500 ms or so). */
async function commits(db: SqlDriver): Promise<number> {
  const [row] = await db.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
  return Number(row?.n ?? 0);
}

/** One throughput phase: the cluster's instances over `n` new houses. Returns houses/s. */
async function throughputPhase(cluster: Cluster): Promise<number> {
  const { instances, postgres, pg, channel } = cluster;
  const count = instances.length;
  const prefix = `scale.instances_${count}`;
  const set = await generate(cluster.work, n);
  const before = cpuSnapshot(instances, postgres);
  const commitsBefore = await commits(cluster.db);
  const start = performance.now();
  for (const f of set.files) await moveIntoInbox(f.path, channel.inbox, f.name);
  const done = await waitAll(channel, set.files.map((f) => f.name), instances);
  const ms = performance.now() - start;
  const after = cpuSnapshot(instances, postgres);
  if (!done) failInvariant(`${prefix}: the run did not finish`);
  const rate = (n / ms) * 1000;
  printFigure(`${prefix}.time`, ms / 1000, 's');
  printFigure(`${prefix}.houses_per_s`, rate, 'houses/s');
  // The best the requests in flight allow: each notification a POST and a validation-status GET of `latencyMs` each.
  const notifications = set.houses + set.masters + set.transports;
  printFigure(`${prefix}.latency_bound_houses_per_s`, ((count * requestsInFlight * 1000) / (2 * latencyMs)) * (n / notifications), 'houses/s');
  const perHouse = {
    adapter: (after.adapters - before.adapters) / n,
    postgres: (after.postgres - before.postgres) / n,
    playground: (after.playground - before.playground) / n,
  };
  printFigure(`${prefix}.adapter_cpu_per_house`, perHouse.adapter, 'ms');
  printFigure(`${prefix}.postgres_cpu_per_house`, perHouse.postgres, 'ms');
  printFigure(`${prefix}.playground_cpu_per_house`, perHouse.playground, 'ms');
  const cores = cpus().length;
  const machineBusy = (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total);
  printFigure(`${prefix}.machine_busy`, machineBusy * 100, `% of ${cores} cores`);
  // The CPU this run's processes used, and the rate the whole machine would allow at this CPU per house:
  // a measured rate near it (or a busy machine) means the machine, not the adapter, bounds the phase.
  printFigure(`${prefix}.cpu_of_this_run`, (perHouse.adapter + perHouse.postgres + perHouse.playground) * n / ms, 'cores');
  printFigure(`${prefix}.machine_bound_houses_per_s`, (cores * 1000) / (perHouse.adapter + perHouse.postgres + perHouse.playground), 'houses/s');
  await sleep(1_000); // PostgreSQL's statistics lag by up to 500 ms
  printFigure(`${prefix}.postgres_commits_per_house`, ((await commits(cluster.db)) - commitsBefore) / n, 'commits');
  await checkPhase(prefix, pg, channel, set, { allowResends: false });
  return rate;
}

/** Kill phase: one of the cluster's instances SIGKILLed while it has house POSTs in flight. */
async function killPhase(cluster: Cluster): Promise<void> {
  const prefix = 'scale.kill';
  const { instances, pg, channel, db } = cluster;
  const set = await generate(cluster.work, killN);
  const names = set.files.map((f) => f.name);
  printFigure(`${prefix}.instances`, instances.length, 'instances');
  printFigure(`${prefix}.houses`, killN, 'houses');
  printFigure(`${prefix}.lease_time`, leaseMs / 1000, 's');
  printFigure(`${prefix}.request_timeout`, requestTimeoutMs / 1000, 's');
  for (const f of set.files) await moveIntoInbox(f.path, channel.inbox, f.name);
  // Kill at the first moment that an instance has house POSTs in flight: rows it marked `submitting`
  // (done before each POST) in manifests it holds. Polled every 20 ms. (It used to wait for 1 s of
  // work first; once the instances got faster, 240 houses were often done by then.)
  let killedAt: number | undefined;
  let victimFiles: string[] = [];
  let inFlightAtKill = 0;
  let victimOwner: string | undefined;
  let reletAt: number | undefined;
  let stopKiller = false;
  const killer = (async () => {
    while (!stopKiller && killedAt === undefined) {
      await sleep(20);
      const [held] = await db.query<{ owner: string; n: string }>(
        `SELECT m.lease_owner AS owner, COUNT(*) AS n FROM notifications n JOIN manifests m ON m.id = n.manifest_id
          WHERE m.lease_owner IS NOT NULL AND n.state = 'submitting' AND n.level = 'house-consignment' GROUP BY m.lease_owner ORDER BY n DESC LIMIT 1`,
      );
      const victim = instances.find((i) => i.id === held?.owner);
      if (held === undefined || victim === undefined) continue;
      await victim.process.kill9();
      killedAt = Date.now();
      victimOwner = victim.id;
      inFlightAtKill = Number(held.n);
      const rows = await db.query<{ original_name: string }>("SELECT original_name FROM manifests WHERE lease_owner = $1 AND state NOT IN ('archived', 'failed')", [victim.id]);
      victimFiles = rows.map((r) => r.original_name);
      note(`killed ${victim.id} holding ${victimFiles.length} files, ${inFlightAtKill} house POSTs in flight`);
    }
    // Taken over: none of its files is leased by the victim any more (another instance leased it and moved on).
    while (!stopKiller && killedAt !== undefined && victimOwner !== undefined && reletAt === undefined) {
      const [left] = await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM manifests WHERE lease_owner = $1', [victimOwner]);
      if (Number(left?.n ?? 0) === 0) reletAt = Date.now();
      else await sleep(100);
    }
  })();
  const finished = await waitAll(channel, names, instances);
  stopKiller = true;
  await killer;
  if (killedAt === undefined) {
    failInvariant(`${prefix}: the run ended before an instance could be killed with house POSTs in flight (use a larger --kill-n)`);
    return;
  }
  if (!finished) failInvariant(`${prefix}: the survivors did not finish`);
  printFigure(`${prefix}.victim_files`, victimFiles.length, 'files');
  printFigure(`${prefix}.victim_house_posts_in_flight`, inFlightAtKill, 'requests');
  // relet: kill → none of its files leased by the victim any more (another instance took its lease over);
  // takeover: kill → the last of them has its result (the result file's mtime): the target.
  const outbox = await readdir(channel.outbox);
  let lastResultAt = killedAt;
  for (const name of victimFiles) {
    const result = outbox.find((e) => e.startsWith(`${name}.result-`) || e.startsWith(`${name}.error-`));
    if (result !== undefined) lastResultAt = Math.max(lastResultAt, (await stat(join(channel.outbox, result))).mtimeMs);
  }
  const takeoverMs = lastResultAt - killedAt;
  if (reletAt !== undefined) printFigure(`${prefix}.relet_time`, (reletAt - killedAt) / 1000, 's');
  printFigure(`${prefix}.takeover_time`, takeoverMs / 1000, 's');
  printFigure(`${prefix}.takeover_limit`, (leaseMs + TAKEOVER_SLACK_MS) / 1000, 's');
  if (takeoverMs > leaseMs + TAKEOVER_SLACK_MS) {
    failInvariant(
      `${prefix}: the victim's files were finished ${(takeoverMs / 1000).toFixed(1)} s after the kill, over the lease time + 10 s (${victimFiles.join(', ')}; the instances' logs are in <work>/<instance>/adapter.log, kept with KEEP_BENCH_DIRS=1)`,
    );
  }
  await checkPhase(prefix, pg, channel, set, { allowResends: true });
}

/** Houses/s of one instance on `store` against a playground without added latency. */
async function e2eAdapter(postgres: PostgresServer, store: 'sqlite' | 'postgres', work: string): Promise<number> {
  const prefix = `scale.e2e.${store}`;
  const { pg, errors } = await startBenchPlayground();
  const instances: Instance[] = [];
  try {
    const channel = await makeChannelDirs(join(work, `e2e-${store}`, 'channel'));
    const set = await generate(work, e2eN);
    const storeConfig = store === 'postgres' ? { kind: 'postgres', url: await postgres.createDatabase('tollkit_scale_e2e') } : { kind: 'sqlite', synchronous: 'full' };
    instances.push(...(await startInstances({ label: `e2e-${store}`, count: 1, pg, channel, store: storeConfig, work: join(work, `e2e-${store}`) })));
    const start = performance.now();
    for (const f of set.files) await moveIntoInbox(f.path, channel.inbox, f.name);
    if (!(await waitAll(channel, set.files.map((f) => f.name), instances))) failInvariant(`${prefix}: the run did not finish`);
    const rate = (e2eN / (performance.now() - start)) * 1000;
    printFigure(`${prefix}.houses_per_s`, rate, 'houses/s');
    await checkPhase(prefix, pg, channel, set, { allowResends: false });
    if (errors.length > 0) failInvariant(`${prefix}: the playground logged errors: ${errors.join(' | ').slice(0, 2000)}`);
    return rate;
  } finally {
    await Promise.all(instances.map((i) => i.process.stop()));
    await pg.close();
  }
}

/** The floor of bench/e2e.ts (raw csv-parse + POST/status pairs, its own process) over `e2eN` houses. */
async function e2eFloor(work: string): Promise<number> {
  const { pg } = await startBenchPlayground();
  try {
    const set = await generate(work, e2eN);
    const jobPath = join(work, 'floor-job.json');
    await writeFile(jobPath, JSON.stringify({ url: pg.url, token: await demoToken(pg), concurrency: requestsInFlight, files: set.files }));
    const run = await runTs(fileURLToPath(new URL('./lib/floor-main.ts', import.meta.url)), [jobPath]);
    if (run.code !== 0) throw new Error(`floor run failed (exit ${String(run.code)}):\n${run.stderr.slice(-3000)}`);
    const floor = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { csv: { ms: number }; pairs: { ms: number } };
    const rate = (e2eN / (floor.csv.ms + floor.pairs.ms)) * 1000;
    printFigure('scale.e2e.floor.houses_per_s', rate, 'houses/s');
    return rate;
  } finally {
    await pg.close();
  }
}

const work = await tempDir('scale');
let postgres: PostgresServer | undefined;
let cluster: Cluster | undefined;
try {
  postgres = await startPostgres({ durable: true });
  printFigure('scale.houses', n, 'houses');
  printFigure('scale.files', Math.ceil(n / housesPerFile), 'files');
  printFigure('scale.request_latency', latencyMs, 'ms');
  printFigure('scale.requests_in_flight_per_instance', requestsInFlight, 'requests');
  printFigure('scale.cores', cpus().length, 'cores');
  const url = await postgres.createDatabase('tollkit_scale');
  const { pg, errors } = await startBenchPlayground({ faults: { latencyMs } });
  const db = createPostgresDriver({ connectionString: url });
  cluster = { postgres, pg, channel: await makeChannelDirs(join(work.dir, 'channel')), store: { kind: 'postgres', url }, instances: [], work: work.dir, db };
  try {
    // The instances are added to the running ones (1, then 2, then 4) over one database and channel;
    // each phase drops a new set of houses (its own document numbers).
    const rates = new Map<number, number>();
    for (const count of n > 0 ? INSTANCE_COUNTS : []) {
      const more = count - cluster.instances.length;
      cluster.instances.push(...(await startInstances({ label: 'scale', count: more, from: cluster.instances.length + 1, pg, channel: cluster.channel, store: cluster.store, work: work.dir })));
      rates.set(count, await throughputPhase(cluster));
    }
    const one = rates.get(1) ?? Number.NaN;
    for (const count of n > 0 ? INSTANCE_COUNTS.slice(1) : []) {
      const speedup = (rates.get(count) ?? Number.NaN) / one;
      printFigure(`scale.speedup_${count}`, speedup, `x (target ≥ ${(0.8 * count).toFixed(1)})`);
    }
    // --n 0: the kill phase (and e2e) only
    if (cluster.instances.length < killInstances) {
      const more = killInstances - cluster.instances.length;
      cluster.instances.push(...(await startInstances({ label: 'scale', count: more, from: cluster.instances.length + 1, pg, channel: cluster.channel, store: cluster.store, work: work.dir })));
    }
    if (killInstances > 0) await killPhase(cluster);
    if (errors.length > 0) failInvariant(`the playground logged errors: ${errors.join(' | ').slice(0, 2000)}`);
  } finally {
    await Promise.all(cluster.instances.map((i) => i.process.stop()));
    await db.close();
    await pg.close();
  }
  if (e2eN > 0) {
    const floor = await e2eFloor(work.dir);
    const sqlite = await e2eAdapter(postgres, 'sqlite', work.dir);
    const onPostgres = await e2eAdapter(postgres, 'postgres', work.dir);
    printFigure('scale.e2e.sqlite_ratio', sqlite / floor, 'x');
    printFigure('scale.e2e.postgres_ratio', onPostgres / floor, 'x');
  }
} catch (error) {
  failInvariant(`scale crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await postgres?.close();
  await work.cleanup();
}
finish();
