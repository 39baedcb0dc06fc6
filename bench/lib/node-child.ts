import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The tsx loader, so children run TypeScript entry points like `pnpm exec tsx` does. */
const TSX_IMPORT = import.meta.resolve('tsx');

/** The repository root (bench/lib/../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const live = new Set<ChildProcess>();
let handlersInstalled = false;

/** On Ctrl-C or SIGTERM, children started here (adapter, floor client) are killed too. */
function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of live) child.kill('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

/**
 * Extra Node options for the children (adapter, floor client), e.g. `BENCH_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"` to profile the adapter under a benchmark (Node refuses `--cpu-prof` in
 * `NODE_OPTIONS`).
 */
const EXTRA_NODE_ARGS = (process.env['BENCH_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean);

/** Spawns `node --import tsx <entry> …args` with piped stdio. */
export function spawnTs(entry: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  return spawnNode(['--import', TSX_IMPORT, entry, ...args], options);
}

/** Spawns `node <nodeArgs…>` (plus `BENCH_NODE_ARGS`) with piped stdio, killed with this process. */
function spawnNode(nodeArgs: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  installSignalHandlers();
  const child = spawn(process.execPath, [...EXTRA_NODE_ARGS, ...nodeArgs], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Runs a TypeScript entry point to the end; resolves with its exit code and output. */
export async function runTs(entry: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun> {
  return collect(spawnTs(entry, args, options));
}

/** Runs a JavaScript module under plain `node` (no tsx) to the end, e.g. one from lib/compiled-entry.ts. */
export async function runJs(entry: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun> {
  return collect(spawnNode([entry, ...args], options));
}

/** A finished child: its exit code or signal and its output. */
export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function collect(child: ChildProcess): Promise<ChildRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
