import { parseInstant } from './clock.js';
import type { Runtime } from './runtime.js';
import type { NotificationRecord, PlaygroundState } from './state.js';

/** Transports are cancelled this long after their estimated arrival when not arrived (§5). */
export const TRANSPORT_AUTO_CANCEL_MS = 72 * 3600_000;
/** Masters/houses not linked to a transport are cancelled this long after their last update (§5). */
export const UNLINKED_AUTO_CANCEL_MS = 30 * 86_400_000;

/** The earliest moment anything can be due, as of the last full pass plus what was appended since. */
interface Watermark {
  epoch: number;
  seen: number;
  nextDueAt: number;
}

const watermarks = new WeakMap<PlaygroundState, Watermark>();

function transportDueAt(t: NotificationRecord): number {
  if (t.status !== 'ACTIVE' || t.arrivedAt !== undefined) return Number.POSITIVE_INFINITY;
  const eta = parseInstant(t.body['estimatedDateAndTimeOfArrival']) ?? parseInstant(t.body['scheduledDateAndTimeOfArrival']);
  return eta === undefined ? Number.POSITIVE_INFINITY : eta + TRANSPORT_AUTO_CANCEL_MS;
}

/** When a record may first be cancelled (for a master/house only if it is then still unlinked). */
function dueAt(n: NotificationRecord): number {
  if (n.level === 'transport') return transportDueAt(n);
  return n.status === 'ACTIVE' ? n.updatedAt + UNLINKED_AUTO_CANCEL_MS : Number.POSITIVE_INFINITY;
}

/**
 * Applies the automatic cancellations due at the playground clock's current time. Returns the cancelled MRNs.
 *
 * Runs before every request, so it must not cost a pass over every notification each time: it keeps the earliest
 * moment anything can become due (lowered as notifications are appended, recomputed after changes to held records
 * and after each full pass) and returns at once until the clock passes it. A master or house already past its
 * 30 days but linked to a transport is left out of that moment: only a change to held records (a cancelled
 * transport or relation, an update) can unlink it, and such a change forces a full pass.
 */
export function autoCancel(rt: Runtime): string[] {
  const now = rt.clock.now();
  const notifications = rt.state.notifications;
  let mark = watermarks.get(rt.state);
  if (mark !== undefined && mark.epoch === rt.index.changeEpoch && mark.seen <= notifications.length) {
    for (let i = mark.seen; i < notifications.length; i++) mark.nextDueAt = Math.min(mark.nextDueAt, dueAt(notifications[i] as NotificationRecord));
    mark.seen = notifications.length;
    if (now <= mark.nextDueAt) return [];
  }

  const cancelled: string[] = [];
  for (const t of notifications) {
    if (t.level === 'transport' && now > transportDueAt(t)) {
      t.status = 'AUTO_CANCELLED';
      t.cancelledAt = now;
      cancelled.push(t.mrn);
    }
  }
  if (cancelled.length > 0) rt.index.recordsChanged();
  const graph = rt.graph();
  const due = notifications.filter((n) => n.level !== 'transport' && now > dueAt(n) && !graph.linkedToTransport(n));
  for (const n of due) {
    n.status = 'AUTO_CANCELLED';
    n.cancelledAt = now;
    cancelled.push(n.mrn);
  }
  if (due.length > 0) rt.index.recordsChanged();
  if (cancelled.length > 0) rt.changed();

  // The next moment anything can be due; past-due linked masters/houses wait for a change to held records.
  let nextDueAt = Number.POSITIVE_INFINITY;
  for (const n of notifications) {
    const at = dueAt(n);
    if (at >= now) nextDueAt = Math.min(nextDueAt, at);
  }
  mark = { epoch: rt.index.changeEpoch, seen: notifications.length, nextDueAt };
  watermarks.set(rt.state, mark);
  return cancelled;
}
