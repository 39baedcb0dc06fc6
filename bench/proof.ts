/**
 * `pnpm proof` — the quick versions of every benchmark, fault run and hostile-input run (under 5
 * minutes on 2 cores). Their figures are passed through; the suite exits non-zero when any of them
 * fails an invariant (lost files, files without exactly one result, duplicate POSTs, crashes) or
 * does not finish in its time budget.
 *
 * Two parts run at a time: the fault runs (`waits: true`) spend most of their time waiting on
 * purpose — lease and grace periods, injected outages, Customs' validation delay — so one of them
 * runs next to one of the busy parts; each part's output is printed in one block when it ends.
 * `--serial` runs one part at a time (each part's figures then come without a neighbour's load).
 *
 *   pnpm proof                      # from the repository root
 *   pnpm exec tsx bench/proof.ts [--only e2e,memory] [--without-adapter] [--serial]
 *
 * When the adapter's `tollkit run` command is not available, the parts that need it are skipped
 * and listed, and the suite fails unless `--without-adapter` is given.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TOLLKIT_BIN } from './lib/adapter.js';
import { REPO_ROOT, runTs } from './lib/node-child.js';

interface Part {
  readonly name: string;
  readonly script: string;
  readonly args: readonly string[];
  readonly budgetS: number;
  /** true: needs the adapter; 'fallback': runs only when the adapter cannot be started (the adapter-free part of a script). */
  readonly needsAdapter: boolean | 'fallback';
  /** Mostly waits (timers, outages, grace periods): runs next to a busy part. */
  readonly waits?: boolean;
}

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const PARTS: Part[] = [
  { name: 'memory', script: here('./memory.ts'), args: ['--quick'], budgetS: 90, needsAdapter: true },
  { name: 'memory (parser)', script: here('./memory.ts'), args: ['--quick', '--no-adapter'], budgetS: 60, needsAdapter: 'fallback' },
  { name: 'abuse/inputs (parser)', script: here('./abuse/inputs.ts'), args: ['--quick', '--parser-only'], budgetS: 60, needsAdapter: 'fallback' },
  { name: 'e2e (floor)', script: here('./e2e.ts'), args: ['--quick', '--no-adapter'], budgetS: 60, needsAdapter: 'fallback' },
  { name: 'e2e', script: here('./e2e.ts'), args: ['--quick'], budgetS: 90, needsAdapter: true },
  { name: 'latency', script: here('./latency.ts'), args: ['--quick'], budgetS: 60, needsAdapter: true },
  { name: 'abuse/inputs', script: here('./abuse/inputs.ts'), args: ['--quick', '--adapter-n', '200', '--timeout-s', '60'], budgetS: 120, needsAdapter: true },
  { name: 'faults/crash', script: here('./faults/crash.ts'), args: ['--quick'], budgetS: 120, needsAdapter: true, waits: true },
  { name: 'faults/network', script: here('./faults/network.ts'), args: ['--quick'], budgetS: 120, needsAdapter: true, waits: true },
  { name: 'faults/outages', script: here('./faults/outages.ts'), args: ['--quick'], budgetS: 150, needsAdapter: true, waits: true },
  { name: 'scale', script: here('./scale.ts'), args: ['--quick'], budgetS: 75, needsAdapter: true },
];
const MANIFEST_BENCH = here('./manifest/map-csv.ts');
if (existsSync(MANIFEST_BENCH)) PARTS.splice(1, 0, { name: 'manifest/map-csv', script: MANIFEST_BENCH, args: ['--rows', '100000'], budgetS: 60, needsAdapter: false });

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { only: { type: 'string' }, 'without-adapter': { type: 'boolean' }, serial: { type: 'boolean' } }, strict: true });
const only = values.only?.split(',').map((s) => s.trim());
const withoutAdapter = values['without-adapter'] === true;
const serial = values.serial === true;
// Two parts at a time share the cores: each part's budget (a guard against a hung part, not a
// figure) is half as long again then.
const budgetFactor = serial ? 1 : 1.5;

/** True when the CLI has the `run` command (`tollkit run --help` succeeds). */
async function adapterRunnable(): Promise<boolean> {
  return (await runTs(TOLLKIT_BIN, ['run', '--help'])).code === 0;
}

async function runPart(part: Part): Promise<{ code: number | null; seconds: number; timedOut: boolean; output: string }> {
  const start = performance.now();
  // Own process group, so a timed-out part is stopped with everything it started (adapter, sshd).
  // Output is collected and printed in one block when the part ends (two parts run at a time).
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), part.script, ...part.args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  let timedOut = false;
  const stopGroup = () => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  };
  process.once('SIGINT', stopGroup);
  process.once('SIGTERM', stopGroup);
  const timer = setTimeout(() => {
    timedOut = true;
    stopGroup();
  }, part.budgetS * budgetFactor * 1000);
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  process.off('SIGINT', stopGroup);
  process.off('SIGTERM', stopGroup);
  return { code, seconds: (performance.now() - start) / 1000, timedOut, output };
}

const suiteStart = performance.now();
const runnable = await adapterRunnable();
process.stdout.write(`proof.adapter_runnable: ${runnable ? 'yes' : 'no'}\n`);
const failed: string[] = [];
const skipped: string[] = [];
const chosen: Part[] = [];
for (const part of PARTS) {
  if (only !== undefined && !only.includes(part.name)) continue;
  if (part.needsAdapter === true && !runnable) {
    skipped.push(part.name);
    continue;
  }
  if (part.needsAdapter === 'fallback' && runnable) continue;
  chosen.push(part);
}
// Two queues, in the listed order: busy parts and waiting parts. Two workers each take from their
// own queue and, when it is empty, from the other (one worker with --serial).
const queues = [chosen.filter((p) => p.waits !== true), chosen.filter((p) => p.waits === true)];
async function worker(own: number): Promise<void> {
  for (;;) {
    const part = queues[own]?.shift() ?? queues[1 - own]?.shift();
    if (part === undefined) return;
    process.stderr.write(`# proof: ${part.name} started\n`);
    const r = await runPart(part);
    process.stdout.write(`\n== ${part.name} ${part.args.join(' ')}\n${r.output}`);
    process.stdout.write(`proof.${part.name.replace(/[^a-z0-9]+/gi, '_')}.time: ${r.seconds.toFixed(1)} s\n`);
    if (r.code !== 0) failed.push(`${part.name} (${r.timedOut ? `over its ${part.budgetS * budgetFactor} s budget` : `exit ${String(r.code)}`})`);
  }
}
await Promise.all(serial ? [worker(0)] : [worker(0), worker(1)]);
process.stdout.write(`\nproof.total_time: ${((performance.now() - suiteStart) / 1000).toFixed(1)} s\n`);
if (skipped.length > 0) process.stderr.write(`SKIPPED (the adapter's "tollkit run" is not available): ${skipped.join(', ')}\n`);
for (const f of failed) process.stderr.write(`FAILED: ${f}\n`);
process.exitCode = failed.length > 0 || (skipped.length > 0 && !withoutAdapter) ? 1 : 0;
