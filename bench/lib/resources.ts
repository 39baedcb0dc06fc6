import { readFileSync } from 'node:fs';
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
