import { parseInstant } from './clock.js';
import type { Runtime } from './runtime.js';

/** Transports are cancelled this long after their estimated arrival when not arrived (§5). */
export const TRANSPORT_AUTO_CANCEL_MS = 72 * 3600_000;
/** Masters/houses not linked to a transport are cancelled this long after their last update (§5). */
export const UNLINKED_AUTO_CANCEL_MS = 30 * 86_400_000;

/** Applies the automatic cancellations due at the playground clock's current time. Returns the cancelled MRNs. */
export function autoCancel(rt: Runtime): string[] {
  const now = rt.clock.now();
  const cancelled: string[] = [];
  for (const t of rt.state.notifications) {
    if (t.level !== 'transport' || t.status !== 'ACTIVE' || t.arrivedAt !== undefined) continue;
    const eta = parseInstant(t.body['estimatedDateAndTimeOfArrival']) ?? parseInstant(t.body['scheduledDateAndTimeOfArrival']);
    if (eta !== undefined && now > eta + TRANSPORT_AUTO_CANCEL_MS) {
      t.status = 'AUTO_CANCELLED';
      t.cancelledAt = now;
      cancelled.push(t.mrn);
    }
  }
  if (cancelled.length > 0) rt.index.recordsChanged();
  const graph = rt.graph();
  const due = rt.state.notifications.filter(
    (n) => n.level !== 'transport' && n.status === 'ACTIVE' && now > n.updatedAt + UNLINKED_AUTO_CANCEL_MS && !graph.linkedToTransport(n),
  );
  for (const n of due) {
    n.status = 'AUTO_CANCELLED';
    n.cancelledAt = now;
    cancelled.push(n.mrn);
  }
  if (due.length > 0) rt.index.recordsChanged();
  if (cancelled.length > 0) rt.changed();
  return cancelled;
}
