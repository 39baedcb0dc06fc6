/**
 * faults/outages — the adapter (`tollkit run`, its own process) through the outages of issue #13,
 * one phase each, against real parts:
 *
 *  1. postgres — PostgreSQL stopped with `pg_ctl stop -m immediate` for `--pg-down-s` while files
 *     keep arriving, then started again (the adapter is not restarted).
 *  2. hang — three channels: an SFTP server whose `sftp-server` processes are SIGSTOPped for
 *     `--hang-s` while its manifests are in flight (SSH itself keeps answering), a TCP listener that
 *     never answers, and a healthy local folder whose files keep arriving during the hang:
 *     `max_other_channel_delay_s` is how much longer the slowest of them took than a local file
 *     before the hang (same Customs validation delay), i.e. how long the hang made it wait.
 *  3. full-disk — the SQLite store on a `--disk-mib` tmpfs filled to the last byte for `--full-s` while files
 *     arrive, then given room (needs root to mount the tmpfs; without root the phase is skipped and
 *     says so).
 *  4. growing — producers that write 2 houses, pause 1.7 × `stableForMs`, then write the rest
 *     through the same open file.
 *
 * Prints per phase and in total: stranded files (still in processing/ 30 s after the last result), lost files, files
 * without exactly one result, duplicate POSTs (house duplicates must be 0; transports re-sent after
 * an unknown outcome are allowed and noted, see bench/README.md), houses without an MRN, and the
 * healthy channel's largest wait.
 *
 *   pnpm exec tsx bench/faults/outages.ts [--quick] [--files 6] [--houses-per-file 10] [--pg-down-s 6]
 *                                         [--hang-s 15] [--full-s 4] [--disk-mib 64] [--growing 4] [--timeout-s 180]
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, open, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { Playground } from '@tollkit/playground';
import { startPostgres } from '../../apps/adapter/test/support/postgres.js';
import { startSshd } from '../../apps/adapter/test/support/sshd.js';
import { acceptedHouses } from '../lib/adapter-run.js';
import {
  adapterEntry,
  countResults,
  localChannelConfig,
  makeChannelDirs,
  moveIntoInbox,
  startAdapter,
  tally,
  waitForResults,
  writeAdapterConfig,
  type AdapterProcess,
  type ChannelDirs,
} from '../lib/adapter.js';
import { readArgs } from '../lib/args.js';
import { failInvariant, finish, note, printFigure, printMustBeZero } from '../lib/figures.js';
import { duplicatePosts, startBenchPlayground } from '../lib/playground.js';
import { generateRoadManifests, newRunId, roadManifestBytes, roadProfilePath, type GeneratedManifest } from '../lib/road-manifest.js';
import { tempDir } from '../lib/temp-dir.js';

const args = readArgs(['files', 'houses-per-file', 'pg-down-s', 'hang-s', 'full-s', 'disk-mib', 'growing', 'timeout-s']);
const files = args.ints['files'] ?? (args.quick ? 4 : 20);
const housesPerFile = args.ints['houses-per-file'] ?? (args.quick ? 10 : 50);
const pgDownS = args.ints['pg-down-s'] ?? (args.quick ? 4 : 20);
const hangS = args.ints['hang-s'] ?? (args.quick ? 12 : 60);
const fullS = args.ints['full-s'] ?? (args.quick ? 3 : 15);
const growing = args.ints['growing'] ?? (args.quick ? 2 : 10);
// The tmpfs must hold the store of the whole phase once the filler is gone (a WAL that fills the
// disk by itself never frees it: the files then stay owned in processing/, but the run cannot end).
const diskMib = args.ints['disk-mib'] ?? (args.quick ? 3 : 64);
const timeoutMs = (args.ints['timeout-s'] ?? (args.quick ? 90 : 600)) * 1000;
const STABLE_MS = 500;
const isRoot = process.getuid?.() === 0;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What one phase left behind. */
interface PhaseOutcome {
  readonly stranded: number;
  readonly lost: number;
  readonly notExactlyOne: number;
  readonly housesMissing: number;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((e) => !e.startsWith('.'));
  } catch {
    return [];
  }
}

/** Counts a phase's outcome over the channels it dropped files into. */
async function outcomeOf(phase: string, channels: readonly { dirs: ChannelDirs; names: readonly string[]; houses: number }[]): Promise<PhaseOutcome> {
  let stranded = 0;
  let lost = 0;
  let notExactlyOne = 0;
  let housesMissing = 0;
  for (const { dirs, names, houses } of channels) {
    const processing = await entries(dirs.processing);
    stranded += processing.length;
    const counts = await countResults(dirs.outbox, names);
    const t = tally(counts);
    notExactlyOne += t.missing + t.extra;
    const present = [...(await entries(dirs.inbox)), ...processing, ...(await entries(dirs.archive)), ...(await entries(dirs.failed))];
    for (const name of names) {
      if ((counts.get(name) ?? 0) > 0) continue;
      if (!present.some((p) => p === name || p.endsWith(`-${name}`))) lost++;
    }
    housesMissing += houses - (await acceptedHouses(dirs.outbox));
  }
  printFigure(`outages.${phase}.stranded_files`, stranded, 'files');
  printFigure(`outages.${phase}.lost_files`, lost, 'files');
  printFigure(`outages.${phase}.files_without_exactly_one_result`, notExactlyOne, 'files');
  printFigure(`outages.${phase}.houses_without_mrn`, housesMissing, 'houses');
  return { stranded, lost, notExactlyOne, housesMissing };
}

async function generate(dir: string, count: number, prefix: string): Promise<readonly GeneratedManifest[]> {
  await mkdir(dir, { recursive: true });
  return (await generateRoadManifests({ dir, houses: count * housesPerFile, housesPerFile, runId: newRunId(), prefix })).files;
}

/** Waits until the adapter logged "tollkit run: ready" (store open, ops port bound). */
async function ready(adapter: AdapterProcess, phase: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  void adapter.exited.then(() => (exited = true));
  while (!adapter.tail().includes('tollkit run: ready')) {
    if (exited || Date.now() > deadline) throw new Error(`${phase}: the adapter did not start:\n${adapter.tail()}`);
    await sleep(50);
  }
}

async function finishAdapter(adapter: AdapterProcess, phase: string, processing: readonly string[]): Promise<void> {
  // A file whose result is written is archived right after: give those moves a moment, so that
  // what is left in processing/ afterwards is what nobody owns.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const left = (await Promise.all(processing.map((p) => entries(p)))).flat().length;
    if (left === 0 || Date.now() > deadline) break;
    await sleep(100);
  }
  const signalled = performance.now();
  await adapter.stop(40_000);
  printFigure(`outages.${phase}.sigterm_to_exit`, (performance.now() - signalled) / 1000, 's');
}

/** Phase 1: PostgreSQL stopped (immediate) and started again under a running adapter. */
async function postgresPhase(pg: Playground, work: string): Promise<PhaseOutcome> {
  const server = await startPostgres();
  try {
    const url = await server.createDatabase('tollkit_outages');
    const dirs = await makeChannelDirs(join(work, 'pg', 'acme'));
    const set = await generate(join(work, 'pg', 'staging'), files * 2, 'pg');
    const config = await writeAdapterConfig({
      dir: join(work, 'pg', 'adapter'),
      pg,
      store: { kind: 'postgres', url },
      channels: [localChannelConfig('acme', dirs.root, roadProfilePath(), { resultFormat: 'json' })],
    });
    const adapter = startAdapter(config);
    await ready(adapter, 'postgres');
    const before = set.slice(0, files);
    const during = set.slice(files);
    for (const f of before) await moveIntoInbox(f.path, dirs.inbox, f.name);
    await sleep(1_500);
    await server.crash();
    const downAt = performance.now();
    for (const f of during) {
      await moveIntoInbox(f.path, dirs.inbox, f.name);
      await sleep((pgDownS * 1000) / (during.length + 1));
    }
    await sleep(Math.max(0, pgDownS * 1000 - (performance.now() - downAt)));
    await server.restart();
    const names = set.map((f) => f.name);
    const waited = await waitForResults(dirs.outbox, names, { timeoutMs, adapter });
    if (waited.timedOut || waited.adapterExited) note(`postgres: the run did not finish (timedOut=${waited.timedOut}, exited=${waited.adapterExited}); adapter output:\n${adapter.tail()}`);
    await finishAdapter(adapter, 'postgres', [dirs.processing]);
    return await outcomeOf('postgres', [{ dirs, names, houses: set.reduce((s, f) => s + f.houses, 0) }]);
  } finally {
    await server.close();
  }
}

/** Phase 2: a hung SFTP subsystem and a silent server next to a healthy local channel. */
async function hangPhase(pg: Playground, work: string): Promise<PhaseOutcome & { maxOtherDelayS: number }> {
  const sshd = await startSshd({ sftpServer: 'external' });
  const sockets = new Set<Socket>();
  const silent = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  let stopped: number[] = [];
  let stopper: NodeJS.Timeout | undefined;
  try {
    const sftpDirs = await makeChannelDirs(join(sshd.root, 'nordic'));
    const localDirs = await makeChannelDirs(join(work, 'hang', 'acme'));
    const keyFile = join(work, 'hang', 'sftp_key');
    await writeFile(keyFile, sshd.privateKey);
    await chmod(keyFile, 0o600);
    const sftp = (name: string, port: number, root: string) => ({
      kind: 'sftp',
      name,
      profile: roadProfilePath(),
      resultFormat: 'json',
      host: sshd.host,
      port,
      username: sshd.username,
      root,
      privateKeyFile: keyFile,
      hostKeyFingerprints: [sshd.hostKeyFingerprint],
      pollIntervalMs: 300,
      readiness: { mode: 'rename' },
    });
    const config = await writeAdapterConfig({
      dir: join(work, 'hang', 'adapter'),
      pg,
      channels: [
        sftp('silent', (silent.address() as { port: number }).port, '/upload'),
        sftp('nordic', sshd.port, sftpDirs.root),
        localChannelConfig('acme', localDirs.root, roadProfilePath(), { resultFormat: 'json' }),
      ],
    });
    const sftpSet = await generate(join(sshd.root, 'staging'), files, 'nordic');
    const localSet = await generate(join(work, 'hang', 'staging'), Math.max(3, Math.ceil(hangS / 3)), 'acme');
    const adapter = startAdapter(config);
    await ready(adapter, 'hang');
    // The SFTP manifests wait 1.5 s for Customs' validation: the hang starts while they are in flight.
    pg.setFaults({ validationDelayMs: 1_500 });
    // The same local file's time without a hang (same 1.5 s validation): the baseline subtracted below.
    const timeLocal = async (f: GeneratedManifest): Promise<number> => {
      const dropped = performance.now();
      await moveIntoInbox(f.path, localDirs.inbox, f.name);
      await waitForResults(localDirs.outbox, [f.name], { timeoutMs: 60_000, adapter, intervalMs: 50 });
      return performance.now() - dropped;
    };
    const baselineSet = await generate(join(work, 'hang', 'baseline'), 2, 'base');
    let baselineMs = 0;
    for (const f of baselineSet) baselineMs = Math.max(baselineMs, await timeLocal(f));
    printFigure('outages.hang.local_file_time_without_hang', baselineMs / 1000, 's');
    for (const f of sftpSet) await moveIntoInbox(f.path, sftpDirs.inbox, f.name);
    // Every SFTP file claimed (so sessions are open) and none answered yet: they are in flight.
    const claimedBy = Date.now() + 60_000;
    while ((await entries(sftpDirs.inbox)).length > 0 && Date.now() < claimedBy) await sleep(20);
    printFigure('outages.hang.sftp_results_before_hang', (await entries(sftpDirs.outbox)).length, 'files');
    // The SFTP subsystem hangs as a whole: every sftp-server process, including those of sessions
    // opened during the hang, is stopped (SSH itself keeps answering).
    const stopNew = (): void => {
      for (const pid of sshd.sftpServerPids()) {
        if (stopped.includes(pid)) continue;
        process.kill(pid, 'SIGSTOP');
        stopped.push(pid);
      }
    };
    stopNew();
    stopper = setInterval(stopNew, 50);
    const hangStart = performance.now();
    let maxDelayMs = 0;
    const localNames: string[] = [];
    for (const f of localSet) {
      if (performance.now() - hangStart > hangS * 1000 && localNames.length >= 3) break;
      localNames.push(f.name);
      maxDelayMs = Math.max(maxDelayMs, await timeLocal(f));
    }
    await sleep(Math.max(0, hangS * 1000 - (performance.now() - hangStart)));
    clearInterval(stopper);
    printFigure('outages.hang.sftp_server_processes_stopped', stopped.length, 'processes');
    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    stopped = [];
    pg.setFaults({ validationDelayMs: 0 });
    const sftpNames = sftpSet.map((f) => f.name);
    const waited = await waitForResults(sftpDirs.outbox, sftpNames, { timeoutMs, adapter });
    if (waited.timedOut || waited.adapterExited) note(`hang: the SFTP files did not finish (timedOut=${waited.timedOut}); adapter output:\n${adapter.tail()}`);
    await finishAdapter(adapter, 'hang', [sftpDirs.processing, localDirs.processing]);
    printFigure('outages.hang.local_files_during_hang', localNames.length, 'files');
    printFigure('outages.hang.local_file_time_during_hang_max', maxDelayMs / 1000, 's');
    const baselineNames = baselineSet.map((f) => f.name);
    const outcome = await outcomeOf('hang', [
      { dirs: sftpDirs, names: sftpNames, houses: sftpSet.reduce((s, f) => s + f.houses, 0) },
      {
        dirs: localDirs,
        names: [...baselineNames, ...localNames],
        houses: [...baselineSet, ...localSet.filter((f) => localNames.includes(f.name))].reduce((s, f) => s + f.houses, 0),
      },
    ]);
    // How much longer than without the hang a local file took: the wait the hang caused.
    return { ...outcome, maxOtherDelayS: Math.max(0, maxDelayMs - baselineMs) / 1000 };
  } finally {
    clearInterval(stopper);
    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    pg.setFaults({});
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
    await sshd.close();
  }
}

/** Phase 3: the SQLite store's disk full (a tmpfs filled to the last byte), then room again. */
async function fullDiskPhase(pg: Playground, work: string): Promise<PhaseOutcome | undefined> {
  if (!isRoot) {
    note('full-disk: skipped — mounting a tmpfs needs root (CI runs as root)');
    printFigure('outages.full_disk.skipped', 1, 'phase');
    return undefined;
  }
  const adapterDir = join(work, 'full', 'adapter');
  const data = join(adapterDir, 'data');
  await mkdir(data, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${diskMib}m`, 'tmpfs', data]);
  printFigure('outages.full_disk.tmpfs', diskMib, 'MiB');
  const filler = join(data, 'filler');
  try {
    const dirs = await makeChannelDirs(join(work, 'full', 'acme'));
    const set = await generate(join(work, 'full', 'staging'), files, 'full');
    const config = await writeAdapterConfig({ dir: adapterDir, pg, channels: [localChannelConfig('acme', dirs.root, roadProfilePath(), { resultFormat: 'json' })] });
    const adapter = startAdapter(config);
    await ready(adapter, 'full-disk');
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
    } catch {
      // ENOSPC: the disk is full, as intended
    }
    for (const f of set) await moveIntoInbox(f.path, dirs.inbox, f.name);
    await sleep(fullS * 1000);
    await rm(filler, { force: true });
    const names = set.map((f) => f.name);
    const waited = await waitForResults(dirs.outbox, names, { timeoutMs, adapter });
    if (waited.timedOut || waited.adapterExited) note(`full-disk: the run did not finish (timedOut=${waited.timedOut}); adapter output:\n${adapter.tail()}`);
    await finishAdapter(adapter, 'full_disk', [dirs.processing]);
    return await outcomeOf('full_disk', [{ dirs, names, houses: set.reduce((s, f) => s + f.houses, 0) }]);
  } finally {
    await rm(filler, { force: true });
    execFileSync('umount', ['-l', data]);
  }
}

/** Phase 4: producers that pause mid-write longer than stableForMs. */
async function growingPhase(pg: Playground, work: string): Promise<PhaseOutcome> {
  const dirs = await makeChannelDirs(join(work, 'growing', 'acme'));
  const config = await writeAdapterConfig({
    dir: join(work, 'growing', 'adapter'),
    pg,
    channels: [localChannelConfig('acme', dirs.root, roadProfilePath(), { resultFormat: 'json', pollIntervalMs: 100, readiness: { mode: 'stable', stableForMs: STABLE_MS } })],
  });
  const adapter = startAdapter(config);
  await ready(adapter, 'growing');
  const names: string[] = [];
  const runId = newRunId();
  await Promise.all(
    Array.from({ length: growing }, async (_, i) => {
      const bytes = await roadManifestBytes(20, `${runId}G${i}`);
      const lines = bytes.toString('latin1').split('\r\n');
      const head = Buffer.from(`${lines.slice(0, 3).join('\r\n')}\r\n`, 'latin1');
      const rest = Buffer.from(lines.slice(3).join('\r\n'), 'latin1');
      const name = `growing-${i}.csv`;
      names.push(name);
      const handle = await open(join(dirs.inbox, name), 'w');
      await handle.write(head);
      await sleep(Math.round(STABLE_MS * 1.7));
      await handle.write(rest);
      await handle.close();
    }),
  );
  const waited = await waitForResults(dirs.outbox, names, { timeoutMs, adapter });
  if (waited.timedOut || waited.adapterExited) note(`growing: the run did not finish (timedOut=${waited.timedOut}); adapter output:\n${adapter.tail()}`);
  await finishAdapter(adapter, 'growing', [dirs.processing]);
  return outcomeOf('growing', [{ dirs, names, houses: growing * 20 }]);
}

const { pg, errors } = await startBenchPlayground({ validationDelayMs: 0 });
await adapterEntry();
const work = await tempDir('outages');
try {
  printFigure('outages.files_per_phase', files, 'files');
  printFigure('outages.houses_per_file', housesPerFile, 'houses');
  const outcomes: PhaseOutcome[] = [];
  outcomes.push(await postgresPhase(pg, work.dir));
  const hang = await hangPhase(pg, work.dir);
  outcomes.push(hang);
  const full = await fullDiskPhase(pg, work.dir);
  if (full !== undefined) outcomes.push(full);
  outcomes.push(await growingPhase(pg, work.dir));
  const sum = (f: (o: PhaseOutcome) => number) => outcomes.reduce((s, o) => s + f(o), 0);
  const dup = duplicatePosts(pg);
  printMustBeZero('outages.stranded_files', sum((o) => o.stranded), 'files');
  printMustBeZero('outages.lost_files', sum((o) => o.lost), 'files');
  printMustBeZero('outages.files_without_exactly_one_result', sum((o) => o.notExactlyOne), 'files');
  printMustBeZero('outages.houses_without_mrn', sum((o) => o.housesMissing), 'houses');
  printMustBeZero('outages.duplicate_house_posts', dup.houseDuplicates, 'posts');
  printFigure('outages.duplicate_posts', dup.duplicates, 'posts');
  if (dup.duplicates > dup.houseDuplicates) note(`outages: ${dup.duplicates - dup.houseDuplicates} transport/master POST(s) re-sent after an unknown outcome (PostgreSQL died between a POST and its record; Customs answers "already in use"): ${dup.examples.join('; ')}`);
  printFigure('outages.max_other_channel_delay_s', hang.maxOtherDelayS, 's');
  if (hang.maxOtherDelayS >= 10) failInvariant(`outages.max_other_channel_delay_s is ${hang.maxOtherDelayS.toFixed(1)} s, must stay under 10 s`);
  if (errors.length > 0) failInvariant(`the playground logged errors: ${errors.join(' | ').slice(0, 2000)}`);
} catch (error) {
  failInvariant(`faults/outages crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await pg.close();
  await work.cleanup();
}
finish();
