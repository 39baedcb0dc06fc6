import { manifestCounts, type JobStore } from '../../store/job-store.js';
import type { PipelineLog } from '../../pipeline/ports.js';

interface Tracked {
  readonly channel: string;
  readonly file: string;
  /** First measurement: when and how many rows were settled then (for the rate and the ETA). */
  base: { readonly at: number; readonly settled: number } | undefined;
}

/** The progress lines of {@link startProgressLog}. */
export interface ProgressLog {
  /** A manifest this instance works on (again): it gets a line at every tick until it is finished. */
  track(manifestId: string, channel: string, file: string): void;
  forget(manifestId: string): void;
  /** One tick now (tests; the timer calls it). */
  tick(): Promise<void>;
  stop(): void;
}

function eta(seconds: number | null): string {
  if (seconds === null) return 'ETA unknown';
  if (seconds < 60) return `ETA ${seconds} s`;
  if (seconds < 3600) return `ETA ${Math.round(seconds / 60)} min`;
  return `ETA ${(seconds / 3600).toFixed(1)} h`;
}

/**
 * Every `intervalMs`, one `info` line per manifest this instance is working on: rows stored (while
 * planning), sent, accepted, rejected, invalid, pending, the settle rate since it was first seen and
 * an ETA for the pending rows. A manifest stops being reported when it is archived or failed, or
 * when another instance holds its lease. Counts come from one grouped, indexed query per tick.
 */
export function startProgressLog(options: {
  readonly store: JobStore;
  readonly log: PipelineLog;
  readonly owner: string;
  readonly now: () => number;
  readonly intervalMs: number;
}): ProgressLog {
  const { store, log, owner, now } = options;
  const tracked = new Map<string, Tracked>();
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy || tracked.size === 0) return;
    busy = true;
    try {
      const ids = [...tracked.keys()];
      const counted = await store.countNotificationsOf(ids);
      for (const id of ids) {
        const entry = tracked.get(id);
        const manifest = await store.getManifest(id);
        if (entry === undefined || manifest === undefined || manifest.state === 'archived' || manifest.state === 'failed' || (manifest.leaseOwner !== null && manifest.leaseOwner !== owner)) {
          tracked.delete(id);
          continue;
        }
        const c = manifestCounts(counted.get(id) ?? {});
        const settled = c.total - c.pending;
        const at = now();
        entry.base ??= { at, settled };
        const elapsed = (at - entry.base.at) / 1000;
        const perSecond = elapsed > 0 ? (settled - entry.base.settled) / elapsed : 0;
        const planning = manifest.state === 'claimed' || manifest.state === 'received';
        const etaSeconds = planning ? null : c.pending === 0 ? 0 : perSecond > 0 ? Math.ceil(c.pending / perSecond) : null;
        const text = planning
          ? `manifest ${entry.file}: reading and planning, ${c.total} rows stored`
          : `manifest ${entry.file}: ${manifest.state}, sent ${c.sent}, accepted ${c.accepted}, rejected ${c.rejected}, invalid ${c.invalid}, pending ${c.pending} of ${c.total}, ${eta(etaSeconds)}`;
        log.info(
          { manifestId: id, channel: entry.channel, file: entry.file, state: manifest.state, ...c, perSecond: Math.round(perSecond * 10) / 10, etaSeconds },
          text,
        );
      }
    } catch (error) {
      log.warn({ error: error instanceof Error ? error.message : String(error) }, 'progress line skipped: the store could not be read');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return {
    track(manifestId, channel, file) {
      if (!tracked.has(manifestId)) tracked.set(manifestId, { channel, file, base: undefined });
    },
    forget(manifestId) {
      tracked.delete(manifestId);
    },
    tick,
    stop() {
      clearInterval(timer);
      tracked.clear();
    },
  };
}
