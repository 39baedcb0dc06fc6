import {
  type DocumentKey,
  type NotificationLevel,
  houseKeyOf,
  houseLevel,
  houseMasterRef,
  masterKeyOf,
  masterReceptacleIds,
  obj,
  str,
  transportDirectHouseKeys,
  houseCarrierId,
  transportKeyOf,
  transportMasterKeys,
} from './domain.js';
import { GraphIndex, linkKey, modeKey } from './graph-index.js';
import type { NotificationRecord, PlaygroundState } from './state.js';

/**
 * Link resolution between transports, masters and houses (docs/digitoll.md §2): by keys, by postal receptacle,
 * by direct-consignment listing, and by relation messages (§7.6). Only ACTIVE notifications link.
 */
export class Graph {
  #index: GraphIndex | undefined;
  readonly #housesOfMaster = new Map<NotificationRecord, NotificationRecord[]>();
  readonly #directHousesOfTransport = new Map<NotificationRecord, NotificationRecord[]>();

  /**
   * A `Graph` answers for one moment of `state`: results are memoised, so construct a new one (`rt.graph()`)
   * after changing notifications or relations (adding routing records is fine). `index` is the runtime's shared,
   * caught-up link index; without it the indexes are built from `state` on first use.
   */
  constructor(
    private readonly state: PlaygroundState,
    index?: GraphIndex,
  ) {
    this.#index = index;
  }

  get #idx(): GraphIndex {
    this.#index ??= new GraphIndex(this.state);
    return this.#index;
  }

  byMrn(mrn: string): NotificationRecord | undefined {
    return this.#idx.byMrn.get(mrn);
  }

  active(level: NotificationLevel): NotificationRecord[] {
    return [...(this.#idx.active.get(level) ?? [])];
  }

  #relationChildren(parent: NotificationRecord, childType: string): NotificationRecord[] {
    return (this.#idx.relationsByParent.get(parent.mrn) ?? [])
      .filter((r) => r.childObjectType === childType)
      .map((r) => this.byMrn(r.childObjectReference))
      .filter((n): n is NotificationRecord => n !== undefined && n.status === 'ACTIVE');
  }

  #relationParents(child: NotificationRecord, parentType: string): NotificationRecord[] {
    return (this.#idx.relationsByChild.get(child.mrn) ?? [])
      .filter((r) => r.parentObjectType === parentType)
      .map((r) => this.byMrn(r.parentObjectReference))
      .filter((n): n is NotificationRecord => n !== undefined && n.status === 'ACTIVE');
  }

  /** Master keys listed on a transport, each with the matching master (if received) — same carrier id required. */
  masterSlotsOfTransport(t: NotificationRecord): { key: DocumentKey; master: NotificationRecord | undefined }[] {
    const carrierId = transportKeyOf(t.body).carrierId;
    const slots = transportMasterKeys(t.body).map((key) => ({
      key,
      master: this.#idx.mastersByKey.get(linkKey(t.mode, key, carrierId))?.[0],
    }));
    for (const m of this.#relationChildren(t, 'MASTER_CONSIGNMENT')) {
      const mk = masterKeyOf(m.body);
      if (mk !== undefined && !slots.some((s) => s.master?.mrn === m.mrn)) slots.push({ key: { documentNumber: mk.documentNumber, type: mk.type }, master: m });
    }
    return slots;
  }

  mastersOfTransport(t: NotificationRecord): NotificationRecord[] {
    return this.masterSlotsOfTransport(t).flatMap((s) => (s.master ? [s.master] : []));
  }

  /** Houses of a master: by master reference + carrier id, by postal receptacle, or by relation. */
  housesOfMaster(m: NotificationRecord): NotificationRecord[] {
    return [...this.#housesOfMasterCached(m)];
  }

  #housesOfMasterCached(m: NotificationRecord): NotificationRecord[] {
    const cached = this.#housesOfMaster.get(m);
    if (cached !== undefined) return cached;
    const idx = this.#idx;
    const mk = masterKeyOf(m.body);
    const candidates: NotificationRecord[] = [];
    if (mk !== undefined) candidates.push(...(idx.housesByMasterRef.get(linkKey(m.mode, mk, mk.carrierId)) ?? []));
    for (const id of new Set(masterReceptacleIds(m.body))) candidates.push(...(idx.housesByReceptacle.get(modeKey(m.mode, id)) ?? []));
    const out = idx.inOrder(candidates);
    const seen = new Set(out);
    for (const h of this.#relationChildren(m, 'HOUSE_CONSIGNMENT')) if (!seen.has(h)) { seen.add(h); out.push(h); }
    this.#housesOfMaster.set(m, out);
    return out;
  }

  /** Houses linked directly to a transport (listed on it + `directConsignment: true`), or by relation. */
  directHousesOfTransport(t: NotificationRecord): NotificationRecord[] {
    return [...this.#directHousesOfTransportCached(t)];
  }

  #directHousesOfTransportCached(t: NotificationRecord): NotificationRecord[] {
    const cached = this.#directHousesOfTransport.get(t);
    if (cached !== undefined) return cached;
    const idx = this.#idx;
    const carrierId = transportKeyOf(t.body).carrierId;
    const candidates = transportDirectHouseKeys(t.body).flatMap((k) => idx.housesByKey.get(linkKey(t.mode, k)) ?? []);
    const out = idx.inOrder(candidates).filter((h) => {
      if (houseLevel(h.body)?.['directConsignment'] !== true) return false;
      // kobling-oppdatering-og-sletting-EN.html: the house's carrier id must be the same as the transport's.
      const houseCarrier = houseCarrierId(h.body);
      return houseCarrier !== undefined && houseCarrier === carrierId;
    });
    const seen = new Set(out);
    for (const h of this.#relationChildren(t, 'HOUSE_CONSIGNMENT')) if (!seen.has(h)) { seen.add(h); out.push(h); }
    this.#directHousesOfTransport.set(t, out);
    return out;
  }

  housesOfTransport(t: NotificationRecord): NotificationRecord[] {
    const out = new Set<NotificationRecord>();
    for (const m of this.mastersOfTransport(t)) for (const h of this.#housesOfMasterCached(m)) out.add(h);
    for (const h of this.#directHousesOfTransportCached(t)) out.add(h);
    return [...out];
  }

  transportsOfMaster(m: NotificationRecord): NotificationRecord[] {
    const idx = this.#idx;
    // Candidates: transports listing the key of an active master with this MRN, and relation parents of this MRN.
    const candidates: NotificationRecord[] = [];
    for (const x of idx.activeWithMrn(m.mrn, 'master-consignment')) {
      const xk = masterKeyOf(x.body);
      if (xk !== undefined) candidates.push(...(idx.transportsByMasterKey.get(linkKey(x.mode, xk, xk.carrierId)) ?? []));
    }
    for (const r of idx.relationsByChild.get(m.mrn) ?? []) candidates.push(...idx.activeWithMrn(r.parentObjectReference, 'transport'));
    const out = idx.inOrder(candidates).filter((t) => this.masterSlotsOfTransport(t).some((s) => s.master?.mrn === m.mrn));
    const seen = new Set(out);
    for (const t of this.#relationParents(m, 'TRANSPORT')) if (!seen.has(t)) { seen.add(t); out.push(t); }
    return out;
  }

  mastersOfHouse(h: NotificationRecord): NotificationRecord[] {
    const idx = this.#idx;
    // Candidates: masters named by an active house with this MRN (key or receptacle), and relation parents of this MRN.
    const candidates: NotificationRecord[] = [];
    for (const x of idx.activeWithMrn(h.mrn, 'house-consignment')) {
      const ref = houseMasterRef(x.body);
      if (ref !== undefined) candidates.push(...(idx.mastersByKey.get(linkKey(x.mode, ref, ref.carrierId)) ?? []));
      const receptacle = str(houseLevel(x.body)?.['receptacleIdentificationNumber']);
      if (receptacle !== undefined) candidates.push(...(idx.mastersByReceptacle.get(modeKey(x.mode, receptacle)) ?? []));
    }
    for (const r of idx.relationsByChild.get(h.mrn) ?? []) candidates.push(...idx.activeWithMrn(r.parentObjectReference, 'master-consignment'));
    return idx.inOrder(candidates).filter((m) => this.#housesOfMasterCached(m).some((x) => x.mrn === h.mrn));
  }

  transportsOfHouse(h: NotificationRecord): NotificationRecord[] {
    const idx = this.#idx;
    const out = new Set<NotificationRecord>();
    for (const m of this.mastersOfHouse(h)) for (const t of this.transportsOfMaster(m)) out.add(t);
    const candidates: NotificationRecord[] = [];
    for (const x of idx.activeWithMrn(h.mrn, 'house-consignment')) {
      const hk = houseKeyOf(x.body);
      if (hk !== undefined) candidates.push(...(idx.transportsByDirectHouseKey.get(linkKey(x.mode, hk)) ?? []));
    }
    for (const r of idx.relationsByChild.get(h.mrn) ?? []) candidates.push(...idx.activeWithMrn(r.parentObjectReference, 'transport'));
    for (const t of idx.inOrder(candidates)) if (this.#directHousesOfTransportCached(t).some((x) => x.mrn === h.mrn)) out.add(t);
    return [...out];
  }

  /** True when a master/house hangs (directly or via its master) under an active transport. */
  linkedToTransport(n: NotificationRecord): boolean {
    if (n.level === 'master-consignment') return this.transportsOfMaster(n).length > 0;
    if (n.level === 'house-consignment') return this.transportsOfHouse(n).length > 0;
    return true;
  }

  /** Weight of a master (`grossMass`) or house (`totalGrossMass`). */
  static weightOf(n: NotificationRecord): number {
    const level = n.level === 'master-consignment' ? obj(n.body['consignmentMasterLevel']) : houseLevel(n.body);
    const w = level?.[n.level === 'master-consignment' ? 'grossMass' : 'totalGrossMass'];
    return typeof w === 'number' ? w : 0;
  }
}
