import {
  type DocumentKey,
  type NotificationLevel,
  houseKeyOf,
  houseLevel,
  houseMasterRef,
  masterKeyOf,
  masterReceptacleIds,
  obj,
  sameKey,
  str,
  transportDirectHouseKeys,
  transportKeyOf,
  transportMasterKeys,
} from './domain.js';
import type { NotificationRecord, PlaygroundState } from './state.js';

/**
 * Link resolution between transports, masters and houses (DIGITOLL.md §2): by keys, by postal receptacle,
 * by direct-consignment listing, and by relation messages (§7.6). Only ACTIVE notifications link.
 */
export class Graph {
  constructor(private readonly state: PlaygroundState) {}

  byMrn(mrn: string): NotificationRecord | undefined {
    return this.state.notifications.find((n) => n.mrn === mrn);
  }

  active(level: NotificationLevel): NotificationRecord[] {
    return this.state.notifications.filter((n) => n.level === level && n.status === 'ACTIVE');
  }

  #relationChildren(parent: NotificationRecord, childType: string): NotificationRecord[] {
    return this.state.relations
      .filter((r) => r.status === 'ACTIVE' && r.parentObjectReference === parent.mrn && r.childObjectType === childType)
      .map((r) => this.byMrn(r.childObjectReference))
      .filter((n): n is NotificationRecord => n !== undefined && n.status === 'ACTIVE');
  }

  #relationParents(child: NotificationRecord, parentType: string): NotificationRecord[] {
    return this.state.relations
      .filter((r) => r.status === 'ACTIVE' && r.childObjectReference === child.mrn && r.parentObjectType === parentType)
      .map((r) => this.byMrn(r.parentObjectReference))
      .filter((n): n is NotificationRecord => n !== undefined && n.status === 'ACTIVE');
  }

  /** Master keys listed on a transport, each with the matching master (if received) — same carrier id required. */
  masterSlotsOfTransport(t: NotificationRecord): { key: DocumentKey; master: NotificationRecord | undefined }[] {
    const carrierId = transportKeyOf(t.body).carrierId;
    const masters = this.active('master-consignment');
    const slots = transportMasterKeys(t.body).map((key) => ({
      key,
      master: masters.find((m) => {
        const mk = masterKeyOf(m.body);
        return m.mode === t.mode && sameKey(mk, key) && mk?.carrierId === carrierId;
      }),
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
    const mk = masterKeyOf(m.body);
    const receptacles = new Set(masterReceptacleIds(m.body));
    const out = this.active('house-consignment').filter((h) => {
      if (h.mode !== m.mode) return false;
      const ref = houseMasterRef(h.body);
      if (ref !== undefined && mk !== undefined && sameKey(ref, mk) && ref.carrierId === mk.carrierId) return true;
      const receptacle = str(houseLevel(h.body)?.['receptacleIdentificationNumber']);
      return receptacle !== undefined && receptacles.has(receptacle);
    });
    for (const h of this.#relationChildren(m, 'HOUSE_CONSIGNMENT')) if (!out.includes(h)) out.push(h);
    return out;
  }

  /** Houses linked directly to a transport (listed on it + `directConsignment: true`), or by relation. */
  directHousesOfTransport(t: NotificationRecord): NotificationRecord[] {
    const keys = transportDirectHouseKeys(t.body);
    const carrierId = transportKeyOf(t.body).carrierId;
    const out = this.active('house-consignment').filter((h) => {
      const chl = houseLevel(h.body);
      if (h.mode !== t.mode || chl?.['directConsignment'] !== true || !keys.some((k) => sameKey(k, houseKeyOf(h.body)))) return false;
      // The carrier id on the house (`transportLevel`, or the source's `tranportLevel` spelling) must match when given.
      const houseCarrier = str(obj(chl['transportLevel'] ?? chl['tranportLevel'])?.['carrierIdentificationNumber']);
      return houseCarrier === undefined || houseCarrier === carrierId;
    });
    for (const h of this.#relationChildren(t, 'HOUSE_CONSIGNMENT')) if (!out.includes(h)) out.push(h);
    return out;
  }

  housesOfTransport(t: NotificationRecord): NotificationRecord[] {
    const out: NotificationRecord[] = [];
    for (const m of this.mastersOfTransport(t)) for (const h of this.housesOfMaster(m)) if (!out.includes(h)) out.push(h);
    for (const h of this.directHousesOfTransport(t)) if (!out.includes(h)) out.push(h);
    return out;
  }

  transportsOfMaster(m: NotificationRecord): NotificationRecord[] {
    const out = this.active('transport').filter((t) => this.masterSlotsOfTransport(t).some((s) => s.master?.mrn === m.mrn));
    for (const t of this.#relationParents(m, 'TRANSPORT')) if (!out.includes(t)) out.push(t);
    return out;
  }

  mastersOfHouse(h: NotificationRecord): NotificationRecord[] {
    return this.active('master-consignment').filter((m) => this.housesOfMaster(m).some((x) => x.mrn === h.mrn));
  }

  transportsOfHouse(h: NotificationRecord): NotificationRecord[] {
    const out: NotificationRecord[] = [];
    for (const m of this.mastersOfHouse(h)) for (const t of this.transportsOfMaster(m)) if (!out.includes(t)) out.push(t);
    for (const t of this.active('transport')) if (this.directHousesOfTransport(t).some((x) => x.mrn === h.mrn) && !out.includes(t)) out.push(t);
    return out;
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
