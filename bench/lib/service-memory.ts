/**
 * The adapter service (`tollkit run`, its own process) on one big manifest dropped into a local
 * inbox: its peak RSS while it receives, parses, validates and stores every row (and then sends for
 * a while), and how long its ops endpoint `/healthz` took to answer meanwhile — an outside measure
 * of how long the service's event loop was ever blocked.
 */
import { join } from 'node:path';
import { request } from 'undici';
import { makeChannelDirs, moveIntoInbox, writeAdapterConfig, type AdapterProcess } from './adapter.js';
import { startAdapterReady } from './adapter-run.js';
import { startBenchPlayground } from './playground.js';
import { ChildRssSampler } from './resources.js';

/** Figures of {@link runServiceOnBigManifest}. */
export interface ServiceMemoryRun {
  /** From the file's arrival in the inbox to the service's "parsed and planned" log line. */
  readonly planSeconds: number;
  /** Rows the service stored (its log line's `notifications`). */
  readonly planned: number;
  /** Peak RSS of the service process over the whole run (planning + `sendSeconds` of sending). */
  readonly peakRssMiB: number;
  /** Slowest `/healthz` answer while it ran (probed every 100 ms). */
  readonly maxHealthzMs: number;
  /** The same while the file was received, parsed and planned, and afterwards (sending). */
  readonly maxHealthzPlanningMs: number;
  readonly maxHealthzSendingMs: number;
  readonly healthzProbes: number;
  /** The service's own largest event-loop delay over the run (its `/metrics`), when it gives it. */
  readonly maxEventLoopDelayMs: number | undefined;
}

interface LogLine {
  readonly msg?: string;
  readonly http?: string;
  readonly notifications?: number;
}

export async function runServiceOnBigManifest(options: {
  readonly workDir: string;
  readonly manifestPath: string;
  readonly profilePath: string;
  readonly maxFileBytes: number;
  /** How long to let it send after planning (the sending path's memory). */
  readonly sendSeconds: number;
  readonly timeoutMs: number;
}): Promise<ServiceMemoryRun> {
  const { pg } = await startBenchPlayground();
  let adapter: AdapterProcess | undefined;
  let rss: ChildRssSampler | undefined;
  let prober: NodeJS.Timeout | undefined;
  try {
    const channel = await makeChannelDirs(join(options.workDir, 'service-channel'));
    const configPath = await writeAdapterConfig({
      dir: join(options.workDir, 'service'),
      pg,
      channel,
      profile: options.profilePath,
      channelExtra: { maxFileBytes: options.maxFileBytes },
    });
    let opsUrl: string | undefined;
    let plannedAt: number | undefined;
    let planned = 0;
    adapter = await startAdapterReady(configPath, join(options.workDir, 'service', 'data'));
    rss = new ChildRssSampler(adapter.pid, 20);
    let pending = '';
    const onLine = (line: string) => {
      if (!line.startsWith('{')) return;
      let parsed: LogLine;
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        return;
      }
      if (parsed.msg === 'adapter service started' && typeof parsed.http === 'string') opsUrl = parsed.http;
      if (parsed.msg?.endsWith('parsed and planned') === true && plannedAt === undefined) {
        plannedAt = performance.now();
        planned = parsed.notifications ?? 0;
      }
    };
    const feed = (d: string) => {
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    };
    // Lines logged before this listener existed are in the process's tail buffer.
    for (const l of adapter.tail().split('\n')) onLine(l);
    adapter.child.stdout?.on('data', feed);
    adapter.child.stderr?.on('data', feed);
    const opsDeadline = Date.now() + 30_000;
    while (opsUrl === undefined && Date.now() < opsDeadline) await new Promise((r) => setTimeout(r, 50));
    if (opsUrl === undefined) throw new Error(`the service did not log its ops address:\n${adapter.tail()}`);

    let maxHealthzMs = 0;
    let maxPlanning = 0;
    let maxSending = 0;
    let probes = 0;
    let probing = false;
    const start = performance.now();
    const healthz = `${opsUrl.replace(/\/$/, '')}/healthz`;
    prober = setInterval(() => {
      if (probing) return;
      probing = true;
      const t0 = performance.now();
      request(healthz, { headersTimeout: 120_000, bodyTimeout: 120_000 })
        .then((r) => r.body.dump())
        .then(
          () => {
            probes++;
            const took = performance.now() - t0;
            maxHealthzMs = Math.max(maxHealthzMs, took);
            // A probe that started before the plan was logged counts for planning.
            if (plannedAt === undefined || t0 < plannedAt) maxPlanning = Math.max(maxPlanning, took);
            else maxSending = Math.max(maxSending, took);
            if (process.env['BENCH_DEBUG'] === '1' && took > 500) console.error(`# slow /healthz: ${took.toFixed(0)} ms at ${((t0 - start) / 1000).toFixed(1)} s${plannedAt === undefined ? '' : ` (planned at ${((plannedAt - start) / 1000).toFixed(1)} s)`}`);
          },
          () => undefined,
        )
        .finally(() => (probing = false));
    }, 100);

    await moveIntoInbox(options.manifestPath, channel.inbox, 'big.csv');
    const deadline = Date.now() + options.timeoutMs;
    let exited = false;
    void adapter.exited.then(() => (exited = true));
    while (plannedAt === undefined && !exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (plannedAt === undefined) throw new Error(`the service did not plan the manifest (${exited ? 'it exited' : 'timed out'}):\n${adapter.tail()}`);
    const planSeconds = (plannedAt - start) / 1000;
    await new Promise((r) => setTimeout(r, options.sendSeconds * 1000));
    clearInterval(prober);
    prober = undefined;
    // Read once, at the end: answering /metrics counts every notification (queue depths), and that
    // block would show in the next reading.
    const metrics = await (await request(`${opsUrl.replace(/\/$/, '')}/metrics`, { headersTimeout: 120_000, bodyTimeout: 120_000 })).body.text();
    const loop = /^tollkit_event_loop_delay_max_seconds (\S+)$/m.exec(metrics)?.[1];
    const maxEventLoopDelayMs = loop === undefined ? undefined : Number(loop) * 1000;
    return { planSeconds, planned, peakRssMiB: rss.stop(), maxHealthzMs, maxHealthzPlanningMs: maxPlanning, maxHealthzSendingMs: maxSending, healthzProbes: probes, maxEventLoopDelayMs };
  } finally {
    if (prober !== undefined) clearInterval(prober);
    rss?.stop();
    await adapter?.stop();
    await pg.close();
  }
}
