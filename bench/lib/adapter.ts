/**
 * Runs the real adapter (`tollkit run --config …`, apps/adapter) as a child process against a local
 * folder channel, and watches its outbox for result files.
 */
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Playground } from '@tollkit/playground';
import { stringify } from 'yaml';
import { REPO_ROOT, runTs, spawnTs } from './node-child.js';

/** Entry point of the `tollkit` CLI. */
export const TOLLKIT_BIN = join(REPO_ROOT, 'apps/adapter/src/cli/bin.ts');

/**
 * Checks once that the CLI has the `run` command (throws a clear error when it does not); the
 * scripts call it before starting the adapter.
 */
let checked = false;
export async function adapterEntry(): Promise<string> {
  if (!checked) {
    const probe = await runTs(TOLLKIT_BIN, ['run', '--help']);
    if (probe.code !== 0) throw new Error(`"tollkit run" is not available (exit ${String(probe.code)}): ${probe.stderr.slice(0, 500)}`);
    checked = true;
  }
  return TOLLKIT_BIN;
}

/** The folders of a local channel (the adapter's defaults). */
export interface ChannelDirs {
  readonly root: string;
  readonly inbox: string;
  readonly processing: string;
  readonly archive: string;
  readonly failed: string;
  readonly outbox: string;
}

/** Creates the channel folders under `root`. */
export async function makeChannelDirs(root: string): Promise<ChannelDirs> {
  const dirs: ChannelDirs = {
    root,
    inbox: join(root, 'inbox'),
    processing: join(root, 'processing'),
    archive: join(root, 'archive'),
    failed: join(root, 'failed'),
    outbox: join(root, 'outbox'),
  };
  for (const d of [dirs.inbox, dirs.processing, dirs.archive, dirs.failed, dirs.outbox]) await mkdir(d, { recursive: true });
  return dirs;
}

/** Options of {@link writeAdapterConfig}. */
export interface AdapterConfigOptions {
  /** Folder for the config file and the adapter's data (SQLite). */
  readonly dir: string;
  readonly pg: Pick<Playground, 'url' | 'demoClient'>;
  /** The local channel (unless `channels` is given). */
  readonly channel?: ChannelDirs;
  /** Mapping profile of the channel (path of a profile file). */
  readonly profile?: string;
  /** `full` fsyncs every commit; default `full` (what production runs). */
  readonly synchronous?: 'full' | 'normal';
  /** Extra channel settings (e.g. `maxFileBytes`). */
  readonly channelExtra?: Record<string, unknown>;
  /** Manifest and outbox lease length (ms); the adapter's default is 60 s. A killed instance's work is taken over when its lease runs out. */
  readonly leaseMs?: number;
  /** Replaces the local channel by these channel definitions (e.g. SFTP, or several). */
  readonly channels?: readonly Record<string, unknown>[];
  /** Replaces the SQLite store (e.g. `{ kind: 'postgres', url }`). */
  readonly store?: Record<string, unknown>;
  /** The lease owner id (several instances on one store); default `<host>:<pid>:<random>`. */
  readonly instanceId?: string;
  /** Pipeline workers (manifests at once); the adapter's default is 3. */
  readonly workers?: number;
  /** `service.requestsInFlight`: requests to Customs in flight at once, shared by the workers (the adapter's default is 16). */
  readonly requestsInFlight?: number;
  /** `digitoll.requestTimeoutMs` (the adapter's default is 30 s; the in-flight grace after a crash is 1.5 × it). */
  readonly requestTimeoutMs?: number;
}

/** A local channel definition for the config file (rename readiness: files are dropped atomically). */
export function localChannelConfig(name: string, root: string, profile: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { kind: 'local', name, profile, path: root, include: ['*.csv', '*.xml'], pollIntervalMs: 200, readiness: { mode: 'rename' }, ...extra };
}

/** Writes the adapter's config file for a playground run; returns its path. */
export async function writeAdapterConfig(options: AdapterConfigOptions): Promise<string> {
  const demo = options.pg.demoClient;
  const config = {
    environment: 'playground',
    ...(options.instanceId === undefined ? {} : { instanceId: options.instanceId }),
    dataDir: join(options.dir, 'data'),
    store: options.store ?? { kind: 'sqlite', synchronous: options.synchronous ?? 'full' },
    digitoll: { baseUrl: options.pg.url, ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }) },
    // /healthz and /metrics on a free port (several runs never collide on 9464)
    service: { http: { host: '127.0.0.1', port: 0 }, ...(options.workers === undefined ? {} : { workers: options.workers }), ...(options.requestsInFlight === undefined ? {} : { requestsInFlight: options.requestsInFlight }) },
    ...(options.leaseMs === undefined ? {} : { leases: { manifestMs: options.leaseMs, outboxMs: options.leaseMs } }),
    maskinporten: {
      clientId: demo.clientId,
      orgNumber: demo.orgNumber,
      privateKeyFile: join(demo.dir, 'private-key.pem'),
      certificateFile: join(demo.dir, 'certificate.pem'),
    },
    channels: options.channels ?? [localChannelConfig('bench', options.channel?.root ?? '', options.profile ?? '', options.channelExtra)],
  };
  await mkdir(options.dir, { recursive: true });
  const path = join(options.dir, 'tollkit.yaml');
  await writeFile(path, stringify(config));
  return path;
}

/** A running adapter child process. */
export interface AdapterProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Last lines of its stderr/stdout (diagnosis). */
  tail(): string;
  /** Resolves with the exit code/signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL now and wait for the exit. */
  kill9(): Promise<void>;
}

/**
 * Starts `tollkit run --config <path>`. Its log is kept in a small tail buffer and, with
 * `options.logFile`, written whole to that file (kept with `KEEP_BENCH_DIRS=1` for diagnosis).
 */
export function startAdapter(configPath: string, env: NodeJS.ProcessEnv = process.env, options: { logFile?: string } = {}): AdapterProcess {
  // Logs at the production default (info) unless TOLLKIT_LOG_LEVEL says otherwise.
  const child = spawnTs(TOLLKIT_BIN, ['run', '--config', configPath], { env });
  if (child.pid === undefined) throw new Error('the adapter process did not start');
  const lines: string[] = [];
  const file = options.logFile === undefined ? undefined : createWriteStream(options.logFile, { flags: 'a' });
  // `close`, not `exit`: output may still arrive after `exit`, and a write after `end` is an error
  if (file !== undefined) child.once('close', () => file.end());
  const keep = (d: string) => {
    file?.write(d);
    for (const l of d.split('\n')) if (l !== '') lines.push(l);
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    child,
    pid: child.pid,
    tail: () => lines.join('\n'),
    exited,
    async stop(graceMs = 15_000) {
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      if (gone) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Drops a file into the inbox atomically (hidden temporary name, then rename). */
export async function dropFile(inbox: string, name: string, content: Uint8Array): Promise<void> {
  const temp = join(inbox, `.${name}.${process.pid}.tmp`);
  await writeFile(temp, content);
  await rename(temp, join(inbox, name));
}

/** Moves an existing file into the inbox (same file system) under `name`. */
export async function moveIntoInbox(path: string, inbox: string, name: string): Promise<void> {
  await rename(path, join(inbox, name));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The original name a refusal report names on its `Manifest: "<JSON-escaped name>"` line, if it is one. */
export async function refusedNameOf(reportPath: string): Promise<string | undefined> {
  const text = await readFile(reportPath, 'utf8').catch(() => '');
  if (!text.includes('INTAKE_UNSAFE_NAME')) return undefined;
  const line = /^Manifest: (".*")$/m.exec(text)?.[1];
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as string;
  } catch {
    return undefined;
  }
}

/**
 * Result files per dropped file: `<name>.result-<id>.<fmt>` or `<name>.error-<id>.txt` in the outbox. A file whose
 * name the intake refused is answered under a sanitised name (`<safe name>.error-<id>.txt`); such reports are
 * attributed by the original name they quote (with `refused`, also listed there).
 */
export async function countResults(outbox: string, names: readonly string[], refused?: Set<string>): Promise<Map<string, number>> {
  const entries = (await readdir(outbox)).filter((e) => !e.startsWith('.'));
  const counts = new Map<string, number>(names.map((n) => [n, 0]));
  const byName = new Map(names.map((n) => [n, new RegExp(`^${escapeRegExp(n)}\\.(result|error)-[0-9a-f]{8}\\.[a-z]+$`)]));
  for (const entry of entries) {
    // the longest matching name wins (a.csv vs a.csv.csv)
    let best: string | undefined;
    for (const [name, re] of byName) if (re.test(entry) && (best === undefined || name.length > best.length)) best = name;
    if (best === undefined && /\.error-[0-9a-f]{8}\.txt$/.test(entry)) {
      const original = await refusedNameOf(join(outbox, entry));
      if (original !== undefined && counts.has(original)) {
        best = original;
        refused?.add(original);
      }
    }
    if (best !== undefined) counts.set(best, (counts.get(best) ?? 0) + 1);
  }
  return counts;
}

/** Summary of result files for a set of dropped files. */
export interface ResultTally {
  /** Files with no result file. */
  readonly missing: number;
  /** Files with more than one result file. */
  readonly extra: number;
  /** Files with exactly one. */
  readonly exactlyOne: number;
}

export function tally(counts: Map<string, number>): ResultTally {
  let missing = 0;
  let extra = 0;
  let exactlyOne = 0;
  for (const c of counts.values()) {
    if (c === 0) missing++;
    else if (c === 1) exactlyOne++;
    else extra++;
  }
  return { missing, extra, exactlyOne };
}

/**
 * Polls the outbox until every named file has a result (or `timeoutMs` passes, or the adapter
 * exits). Returns the final counts.
 */
export async function waitForResults(
  outbox: string,
  names: readonly string[],
  options: { timeoutMs: number; adapter?: AdapterProcess; intervalMs?: number; onProgress?: (done: number) => void },
): Promise<{ counts: Map<string, number>; timedOut: boolean; adapterExited: boolean }> {
  const deadline = Date.now() + options.timeoutMs;
  let exited = false;
  void options.adapter?.exited.then(() => (exited = true));
  for (;;) {
    const counts = await countResults(outbox, names);
    const t = tally(counts);
    options.onProgress?.(t.exactlyOne + t.extra);
    if (t.missing === 0) return { counts, timedOut: false, adapterExited: exited };
    if (exited) return { counts, timedOut: false, adapterExited: true };
    if (Date.now() > deadline) return { counts, timedOut: true, adapterExited: exited };
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}

/** Waits until the child has exited or `ms` passed. */
export async function settle(adapter: AdapterProcess, ms: number): Promise<void> {
  await Promise.race([adapter.exited, new Promise((r) => setTimeout(r, ms))]);
}
