import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Peak resident set size of this process so far (the kernel's high-water mark), in MiB. */
export function ownPeakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * The kernel's RSS high-water mark (`VmHWM`) of another process, in MiB, or `undefined` once it has
 * exited. Linux only.
 */
export function processPeakRssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** Samples the peak RSS of a child process until stopped (the peak survives the child's exit). */
export class ChildRssSampler {
  #peak = 0;
  readonly #timer: NodeJS.Timeout;

  constructor(pid: number, intervalMs = 50) {
    const sample = () => {
      const v = processPeakRssMiB(pid);
      if (v !== undefined && v > this.#peak) this.#peak = v;
    };
    sample();
    this.#timer = setInterval(sample, intervalMs);
    this.#timer.unref();
  }

  /** Highest `VmHWM` seen, in MiB. */
  get peakMiB(): number {
    return this.#peak;
  }

  stop(): number {
    clearInterval(this.#timer);
    return this.#peak;
  }
}

/** Measures this process's event-loop delay (`perf_hooks.monitorEventLoopDelay`). */
export class EventLoopDelay {
  readonly #histogram: IntervalHistogram;

  constructor(resolutionMs = 10) {
    this.#histogram = monitorEventLoopDelay({ resolution: resolutionMs });
    this.#histogram.enable();
  }

  /** Largest delay seen, in ms. */
  get maxMs(): number {
    return this.#histogram.max / 1e6;
  }

  /** 99th percentile delay, in ms. */
  get p99Ms(): number {
    return this.#histogram.percentile(99) / 1e6;
  }

  stop(): void {
    this.#histogram.disable();
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`; 100 on Linux). */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time (user + system) of a running process in ms, with its reaped children's when `children`
 * (a PostgreSQL postmaster's includes its finished backends'), or `undefined` once it has exited.
 * Linux only.
 */
export function processCpuMs(pid: number, options: { children?: boolean } = {}): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces) in parentheses: field 14 utime, 15 stime, 16 cutime, 17 cstime.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
  return ((utime + stime + (options.children === true ? cutime + cstime : 0)) * 1000) / CLOCK_TICKS_PER_S;
}

/** The machine's CPU counters (all cores, `/proc/stat`): busy and total ms. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: (busy * 1000) / CLOCK_TICKS_PER_S, total: ((busy + idle + iowait) * 1000) / CLOCK_TICKS_PER_S };
}

/**
 * CPU time in ms of a process, its reaped children and its live children (one level: a PostgreSQL
 * postmaster and its backends, whose time only reaches the postmaster once they exit). Linux only.
 */
export function treeCpuMs(pid: number): number {
  let total = processCpuMs(pid, { children: true }) ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) total += processCpuMs(Number(entry), { children: true }) ?? 0;
  }
  return total;
}
