/**
 * faults/network — the adapter over an SFTP channel (a real OpenSSH server on loopback) against a
 * playground answering 10 % of requests with 5xx, sending 429 bursts and dropping connections
 * (before and after the request was handled), while the SFTP server is stopped and restarted
 * mid-run. Prints the fault counts and the same counters as faults/crash.
 *
 *   pnpm exec tsx bench/faults/network.ts [--quick] [--n 1000] [--houses-per-file 50] [--error-pct 10]
 *                                         [--drop-pct 3] [--sftp-restarts 2] [--seed 1] [--fault-window-s 0]
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FaultConfig } from '@tollkit/playground';
import { startSshd } from '../../apps/adapter/test/support/sshd.js';
import { adapterEntry, makeChannelDirs, moveIntoInbox, startAdapter, waitForResults, writeAdapterConfig } from '../lib/adapter.js';
import { readArgs } from '../lib/args.js';
import { faultOutcome, printFaultOutcome } from '../lib/fault-tally.js';
import { failInvariant, finish, note, printFigure } from '../lib/figures.js';
import { startBenchPlayground } from '../lib/playground.js';
import { generateRoadManifests, newRunId, roadProfilePath } from '../lib/road-manifest.js';
import { tempDir } from '../lib/temp-dir.js';

const args = readArgs(['n', 'houses-per-file', 'error-pct', 'drop-pct', 'sftp-restarts', 'seed', 'timeout-s', 'fault-window-s']);
const n = args.ints['n'] ?? (args.quick ? 300 : 2_000);
const housesPerFile = args.ints['houses-per-file'] ?? (args.quick ? 30 : 50);
const errorRate = (args.ints['error-pct'] ?? 10) / 100;
const dropRate = (args.ints['drop-pct'] ?? 3) / 100;
const sftpRestarts = args.ints['sftp-restarts'] ?? 2;
const seed = args.ints['seed'] ?? 1;
// Faults for the first `fault-window-s` seconds (0: the whole run). A dropped answer costs the adapter
// its in-flight grace (45 s) before it looks the notification up, so the quick run keeps the window short.
const faultWindowMs = (args.ints['fault-window-s'] ?? (args.quick ? 10 : 0)) * 1000;
const timeoutMs = (args.ints['timeout-s'] ?? (args.quick ? 150 : 3600)) * 1000;

const { pg, errors } = await startBenchPlayground({ validationDelayMs: 100 });
const sshd = await startSshd();
await adapterEntry();
const work = await tempDir('network');
let faultTimer: NodeJS.Timeout | undefined;
try {
  const staging = join(work.dir, 'staging');
  await mkdir(staging);
  const set = await generateRoadManifests({ dir: staging, houses: n, housesPerFile, runId: newRunId() });
  const names = set.files.map((f) => f.name);
  // The SFTP root is on this machine: the partner drops files straight into it, the adapter reads over SFTP.
  const channel = await makeChannelDirs(join(sshd.root, 'channel'));
  const keyFile = join(work.dir, 'sftp_key');
  await writeFile(keyFile, sshd.privateKey);
  await chmod(keyFile, 0o600);
  const configPath = await writeAdapterConfig({
    dir: join(work.dir, 'adapter'),
    pg,
    leaseMs: 5_000,
    channels: [
      {
        kind: 'sftp',
        name: 'network',
        profile: roadProfilePath(),
        resultFormat: 'json',
        host: sshd.host,
        port: sshd.port,
        username: sshd.username,
        root: channel.root,
        privateKeyFile: keyFile,
        hostKeyFingerprints: [sshd.hostKeyFingerprint],
        pollIntervalMs: 300,
        readiness: { mode: 'rename' },
        reconnect: { initialMs: 200, maxMs: 2_000 },
      },
    ],
  });
  printFigure('network.houses', n, 'houses');
  printFigure('network.files', names.length, 'files');
  printFigure('network.error_rate', errorRate * 100, '%');
  printFigure('network.drop_rate', dropRate * 100, '%');
  printFigure('network.fault_window', faultWindowMs === 0 ? 'whole run' : faultWindowMs / 1000, faultWindowMs === 0 ? '' : 's');

  // Faults change every 2 s: the drop phase alternates (before / after the handler ran), every
  // third tick brings a burst of 429s.
  let tick = 0;
  const faults = (): FaultConfig => ({
    errorRate,
    dropRate,
    dropPhase: tick % 2 === 0 ? 'before' : 'after',
    seed: seed + tick,
    ...(tick % 3 === 0 ? { rateLimit: { count: 30, retryAfterSeconds: 1 } } : {}),
  });
  pg.setFaults(faults());
  const faultStart = Date.now();
  faultTimer = setInterval(() => {
    tick++;
    if (faultWindowMs > 0 && Date.now() - faultStart >= faultWindowMs) {
      clearInterval(faultTimer);
      pg.setFaults({});
      return;
    }
    pg.setFaults(faults());
  }, 2_000);

  const adapter = startAdapter(configPath);
  const start = performance.now();
  for (const f of set.files) await moveIntoInbox(f.path, channel.inbox, f.name);
  // Restart the SFTP server while files are being worked on: down for 2 s each time.
  let restarts = 0;
  for (let i = 0; i < sftpRestarts; i++) {
    await new Promise((r) => setTimeout(r, 3_000));
    await sshd.stop();
    await new Promise((r) => setTimeout(r, 2_000));
    await sshd.restart();
    restarts++;
  }
  printFigure('network.sftp_restarts', restarts, 'restarts');
  const waited = await waitForResults(channel.outbox, names, { timeoutMs, adapter });
  clearInterval(faultTimer);
  faultTimer = undefined;
  pg.setFaults({});
  if (waited.timedOut || waited.adapterExited) note(`the run did not finish cleanly (timedOut=${waited.timedOut}, exited=${waited.adapterExited}); adapter output:\n${adapter.tail()}`);
  printFigure('network.total_time', (performance.now() - start) / 1000, 's');
  await new Promise((r) => setTimeout(r, 1_000));
  await adapter.stop();
  const injected = pg.counters.snapshot().faults;
  printFigure('network.injected_5xx', injected.errors, 'responses');
  printFigure('network.injected_429', injected.throttled, 'responses');
  printFigure('network.dropped_connections', injected.dropped, 'connections');
  printFigure('network.adapter_exits', waited.adapterExited ? 1 : 0, 'exits');
  printFaultOutcome('network', await faultOutcome(pg, channel, names), n);
  if (errors.length > 0) failInvariant(`the playground logged errors: ${errors.join(' | ').slice(0, 2000)}`);
} catch (error) {
  failInvariant(`faults/network crashed: ${(error as Error).stack ?? String(error)}`);
} finally {
  if (faultTimer !== undefined) clearInterval(faultTimer);
  await pg.close();
  await sshd.close();
  await work.cleanup();
}
finish();
