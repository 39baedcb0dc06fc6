/**
 * CPU time of a process tree and of the whole machine, from `/proc` (Linux only): bench/scale.ts
 * tells with them whether the machine or the adapter bounds a run.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc` times (`getconf CLK_TCK`; 100 on Linux). */
const CLOCK_TICKS_PER_S = 100;

/** Parent pid and CPU ms (own user + system, and its reaped children's) of a process, or `undefined` once gone. */
function statOf(pid: number): { ppid: number; ownMs: number; reapedMs: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) in parentheses: 4 ppid, 14 utime, 15 stime, 16 cutime, 17 cstime.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
  const toMs = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_S;
  return { ppid: fields[1] ?? 0, ownMs: toMs(utime + stime), reapedMs: toMs(cutime + cstime) };
}

/**
 * CPU time (user + system) a process has used so far, in ms, or `undefined` once it has exited (its
 * children not counted: the adapter's own CPU, as bench/lib/adapter-run.ts reports it).
 */
export function processCpuMs(pid: number): number | undefined {
  return statOf(pid)?.ownMs;
}

/**
 * CPU ms (user + system) used so far by a process, its exited children and its live children (one
 * level: a PostgreSQL postmaster and its backends, whose time reaches the postmaster only once they
 * exit). 0 once the process is gone.
 */
export function processTreeCpuMs(pid: number): number {
  const root = statOf(pid);
  if (root === undefined) return 0;
  let total = root.ownMs + root.reapedMs;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = statOf(Number(entry));
    if (child?.ppid === pid) total += child.ownMs + child.reapedMs;
  }
  return total;
}

/** The machine's CPU counters over all cores (`/proc/stat`): busy and total ms. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: (busy * 1000) / CLOCK_TICKS_PER_S, total: ((busy + idle + iowait) * 1000) / CLOCK_TICKS_PER_S };
}
