import {
  type DocumentKey,
  type NotificationLevel,
  houseKeyOf,
  houseLevel,
  houseMasterRef,
  masterKeyOf,
  masterReceptacleIds,
  str,
  transportDirectHouseKeys,
  transportKeyOf,
  transportMasterKeys,
} from './domain.js';
import { identityKey } from './identity-key.js';
import type { NotificationRecord, PlaygroundState, RelationRecord } from './state.js';

/**
 * Lookup key for a document key within a mode, with an optional carrier id. Exact string comparison, like
 * `sameKey` (no normalisation); an absent carrier id is distinct from every string, as `undefined === undefined`.
 */
export function linkKey(mode: string, key: DocumentKey, carrierId?: string): string {
  // Length prefixes keep the encoding injective whatever characters the values hold.
  const carrier = carrierId === undefined ? '-' : `${carrierId.length}:${carrierId}`;
  return `${mode}|${key.documentNumber.length}:${key.documentNumber}|${key.type.length}:${key.type}|${carrier}`;
}

/** Lookup key for a value within a mode: a receptacle id, or a document number on its own. */
export function modeKey(mode: string, value: string): string {
  return `${mode}|${value}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/**
 * Indexes over the playground state, built in one pass over notifications and relations and then kept up to date
 * with {@link GraphIndex.catchUp} as records are appended. Every list keeps the order of `state.notifications` /
 * `state.relations`; `position` gives that order back for merged candidate sets. It does not see changes to records
 * already indexed (status, body): whoever changes those drops the index (`StateIndex.recordsChanged`).
 */
export class GraphIndex {
  /** First record per MRN (as `Array.prototype.find` would return it). */
  readonly byMrn = new Map<string, NotificationRecord>();
  /** Index of each record in `state.notifications`. */
  readonly position = new Map<NotificationRecord, number>();
  /** Active records per level, in notification order. */
  readonly active = new Map<NotificationLevel, NotificationRecord[]>();
  /** Active records per MRN (normally one). */
  readonly activeByMrn = new Map<string, NotificationRecord[]>();
  /** Active masters by `linkKey(mode, master key, master carrier id)`. */
  readonly mastersByKey = new Map<string, NotificationRecord[]>();
  /** Active masters by `modeKey(mode, receptacle id)` of the receptacles they list. */
  readonly mastersByReceptacle = new Map<string, NotificationRecord[]>();
  /** Active houses by `linkKey(mode, referenced master key, referenced carrier id)`. */
  readonly housesByMasterRef = new Map<string, NotificationRecord[]>();
  /** Active houses by `modeKey(mode, receptacleIdentificationNumber)`. */
  readonly housesByReceptacle = new Map<string, NotificationRecord[]>();
  /** Active houses by `linkKey(mode, house key)` (no carrier). */
  readonly housesByKey = new Map<string, NotificationRecord[]>();
  /** Active transports by `linkKey(mode, listed master key, transport carrier id)`. */
  readonly transportsByMasterKey = new Map<string, NotificationRecord[]>();
  /** Active transports by `linkKey(mode, listed direct house key)` (no carrier). */
  readonly transportsByDirectHouseKey = new Map<string, NotificationRecord[]>();
  /** Active records by `identityKey` (the "already in use" identity of their level). */
  readonly activeByIdentity = new Map<string, NotificationRecord[]>();
  /** Active masters by `mode|documentNumber` (lookups by waybill with optional type and carrier). */
  readonly mastersByDocumentNumber = new Map<string, NotificationRecord[]>();
  /** Active houses by `mode|documentNumber`. */
  readonly housesByDocumentNumber = new Map<string, NotificationRecord[]>();
  /** MRNs of every relation (any status). */
  readonly relationMrns = new Set<string>();
  /** Active relations by parent reference, in relation order. */
  readonly relationsByParent = new Map<string, RelationRecord[]>();
  /** Active relations by child reference, in relation order. */
  readonly relationsByChild = new Map<string, RelationRecord[]>();

  /** Notifications and relations already indexed (the arrays are append-only). */
  #notificationsSeen = 0;
  #relationsSeen = 0;

  constructor(state: PlaygroundState) {
    for (const level of ['transport', 'master-consignment', 'house-consignment'] as const) this.active.set(level, []);
    this.catchUp(state);
  }

  /**
   * Indexes notifications and relations appended to `state` since the last call. Returns `false` (and indexes
   * nothing) when the arrays shrank, i.e. the index no longer describes `state` and must be rebuilt.
   */
  catchUp(state: PlaygroundState): boolean {
    if (state.notifications.length < this.#notificationsSeen || state.relations.length < this.#relationsSeen) return false;
    for (let i = this.#notificationsSeen; i < state.notifications.length; i++) {
      const n = state.notifications[i] as NotificationRecord;
      if (!this.byMrn.has(n.mrn)) this.byMrn.set(n.mrn, n);
      this.position.set(n, i);
      if (n.status !== 'ACTIVE') continue;
      push(this.active, n.level, n);
      push(this.activeByMrn, n.mrn, n);
      const identity = identityKey(n.level, n.mode, n.body);
      if (identity !== undefined) push(this.activeByIdentity, identity, n);
      if (n.level === 'master-consignment') this.#addMaster(n);
      else if (n.level === 'house-consignment') this.#addHouse(n);
      else if (n.level === 'transport') this.#addTransport(n);
    }
    this.#notificationsSeen = state.notifications.length;
    for (let i = this.#relationsSeen; i < state.relations.length; i++) {
      const r = state.relations[i] as RelationRecord;
      this.relationMrns.add(r.mrn);
      if (r.status !== 'ACTIVE') continue;
      push(this.relationsByParent, r.parentObjectReference, r);
      push(this.relationsByChild, r.childObjectReference, r);
    }
    this.#relationsSeen = state.relations.length;
    return true;
  }

  #addMaster(m: NotificationRecord): void {
    const mk = masterKeyOf(m.body);
    if (mk !== undefined) {
      push(this.mastersByKey, linkKey(m.mode, mk, mk.carrierId), m);
      push(this.mastersByDocumentNumber, modeKey(m.mode, mk.documentNumber), m);
    }
    for (const id of masterReceptacleIds(m.body)) push(this.mastersByReceptacle, modeKey(m.mode, id), m);
  }

  #addHouse(h: NotificationRecord): void {
    const ref = houseMasterRef(h.body);
    if (ref !== undefined) push(this.housesByMasterRef, linkKey(h.mode, ref, ref.carrierId), h);
    const receptacle = str(houseLevel(h.body)?.['receptacleIdentificationNumber']);
    if (receptacle !== undefined) push(this.housesByReceptacle, modeKey(h.mode, receptacle), h);
    const hk = houseKeyOf(h.body);
    if (hk !== undefined) {
      push(this.housesByKey, linkKey(h.mode, hk), h);
      push(this.housesByDocumentNumber, modeKey(h.mode, hk.documentNumber), h);
    }
  }

  #addTransport(t: NotificationRecord): void {
    const carrierId = transportKeyOf(t.body).carrierId;
    for (const key of transportMasterKeys(t.body)) push(this.transportsByMasterKey, linkKey(t.mode, key, carrierId), t);
    for (const key of transportDirectHouseKeys(t.body)) push(this.transportsByDirectHouseKey, linkKey(t.mode, key), t);
  }

  /** Active records with this MRN at this level. */
  activeWithMrn(mrn: string, level: NotificationLevel): NotificationRecord[] {
    return (this.activeByMrn.get(mrn) ?? []).filter((n) => n.level === level);
  }

  /** Deduplicates records and puts them back in `state.notifications` order. */
  inOrder(records: Iterable<NotificationRecord>): NotificationRecord[] {
    return [...new Set(records)].sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
  }
}
