import type { NotificationLevel } from './domain.js';

/** A snapshot of the playground's counters. */
export interface CountersSnapshot {
  /** Requests per endpoint pattern, e.g. `"POST /api/movement/road/v2/house-consignment": 3`. */
  requests: Record<string, number>;
  /** MO POSTs that passed HTTP checks, per `level documentNumber type` (transport: means id + typeOfIdentification). */
  posts: { level: NotificationLevel; documentNumber: string; type: string; count: number }[];
  /** Presentation POSTs that passed the shape checks, per `kind reference` (reference: house/master `documentNumber type`, ENS MRN, receptacle or container id). */
  presentations: { kind: string; reference: string; count: number }[];
  /** Injected faults served, by kind. */
  faults: { errors: number; throttled: number; dropped: number; refused: number };
  /** Bring service counters (accepted/failed/throttled, ACCEPTED per consignmentId). */
  bring?: unknown;
}

/** Live counters readable by tests (`pg.counters`). */
export interface PlaygroundCounters {
  /** Requests received for an endpoint pattern (`"POST /api/movement/road/v2/transport"`), 0 if none. */
  requestsTo(endpoint: string): number;
  /** How many times a notification with these keys was POSTed (to prove there were no duplicates). */
  postsFor(level: NotificationLevel, documentNumber: string, type: string): number;
  /** How many times this consignment was presented (POSTs past the shape checks, refused re-used requestIds included). */
  presentationsFor(kind: string, reference: string): number;
  /** Everything at once. */
  snapshot(): CountersSnapshot;
  /** Sets every counter back to zero. */
  reset(): void;
}

export class Counters implements PlaygroundCounters {
  #requests = new Map<string, number>();
  #posts = new Map<string, { level: NotificationLevel; documentNumber: string; type: string; count: number }>();
  #presentations = new Map<string, { kind: string; reference: string; count: number }>();
  #faults = { errors: 0, throttled: 0, dropped: 0, refused: 0 };
  /** Optional extra sections (the Bring service's counters). */
  bringCounters: (() => unknown) | undefined;
  bringReset: (() => void) | undefined;

  countRequest(endpoint: string): void {
    this.#requests.set(endpoint, (this.#requests.get(endpoint) ?? 0) + 1);
  }

  countPost(level: NotificationLevel, documentNumber: string, type: string): void {
    const key = JSON.stringify([level, documentNumber, type]);
    const entry = this.#posts.get(key) ?? { level, documentNumber, type, count: 0 };
    entry.count++;
    this.#posts.set(key, entry);
  }

  countPresentation(kind: string, reference: string): void {
    const key = JSON.stringify([kind, reference]);
    const entry = this.#presentations.get(key) ?? { kind, reference, count: 0 };
    entry.count++;
    this.#presentations.set(key, entry);
  }

  presentationsFor(kind: string, reference: string): number {
    return this.#presentations.get(JSON.stringify([kind, reference]))?.count ?? 0;
  }

  countFault(kind: 'errors' | 'throttled' | 'dropped' | 'refused'): void {
    this.#faults[kind]++;
  }

  requestsTo(endpoint: string): number {
    return this.#requests.get(endpoint) ?? 0;
  }

  postsFor(level: NotificationLevel, documentNumber: string, type: string): number {
    return this.#posts.get(JSON.stringify([level, documentNumber, type]))?.count ?? 0;
  }

  snapshot(): CountersSnapshot {
    return {
      requests: Object.fromEntries([...this.#requests.entries()].sort(([a], [b]) => a.localeCompare(b))),
      posts: [...this.#posts.values()].map((p) => ({ ...p })),
      presentations: [...this.#presentations.values()].map((p) => ({ ...p })),
      faults: { ...this.#faults },
      ...(this.bringCounters ? { bring: this.bringCounters() } : {}),
    };
  }

  reset(): void {
    this.#requests.clear();
    this.#posts.clear();
    this.#presentations.clear();
    this.#faults = { errors: 0, throttled: 0, dropped: 0, refused: 0 };
    this.bringReset?.();
  }
}
