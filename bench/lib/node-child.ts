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
  installSignalHandlers();
  const child = spawn(process.execPath, [...EXTRA_NODE_ARGS, '--import', TSX_IMPORT, entry, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Runs a TypeScript entry point to the end; resolves with its exit code and output. */
export async function runTs(entry: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawnTs(entry, args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
