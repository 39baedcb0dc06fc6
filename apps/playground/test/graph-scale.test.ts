import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
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
} from '../src/lib/domain.js';
import { Graph } from '../src/lib/graph.js';
import { StateIndex } from '../src/lib/state-index.js';
import { type NotificationRecord, type PlaygroundState, type RelationRecord, emptyState } from '../src/lib/state.js';
import { BASE, CARRIER_ID, house, master, transport } from './support/bodies.js';
import { ORG_A, post, tokenFor } from './support/flow.js';
import { call } from './support/http.js';

/**
 * The straightforward scan-everything link resolution the indexed `Graph` replaced, kept as the oracle: the indexed
 * graph must give the same records in the same order for every method.
 */
class ScanGraph {
  constructor(private readonly state: PlaygroundState) {}
  byMrn(mrn: string): NotificationRecord | undefined {
    return this.state.notifications.find((n) => n.mrn === mrn);
  }
  active(level: NotificationLevel): NotificationRecord[] {
    return this.state.notifications.filter((n) => n.level === level && n.status === 'ACTIVE');
  }
  #children(parent: NotificationRecord, childType: string): NotificationRecord[] {
    return this.state.relations
      .filter((r) => r.status === 'ACTIVE' && r.parentObjectReference === parent.mrn && r.childObjectType === childType)
      .map((r) => this.byMrn(r.childObjectReference))
      .filter((n): n is NotificationRecord => n !== undefined && n.status === 'ACTIVE');
  }
  #parents(child: NotificationRecord, parentType: string): NotificationRecord[] {
    return this.state.relations
      .filter((r) => r.status === 'ACTIVE' && r.childObjectReference === child.mrn && r.parentObjectType === parentType)
      .map((r) => this.byMrn(r.parentObjectReference))
      .filter((n): n is NotificationRecord => n !== undefined && n.status === 'ACTIVE');
  }
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
    for (const m of this.#children(t, 'MASTER_CONSIGNMENT')) {
      const mk = masterKeyOf(m.body);
      if (mk !== undefined && !slots.some((s) => s.master?.mrn === m.mrn)) slots.push({ key: { documentNumber: mk.documentNumber, type: mk.type }, master: m });
    }
    return slots;
  }
  mastersOfTransport(t: NotificationRecord): NotificationRecord[] {
    return this.masterSlotsOfTransport(t).flatMap((s) => (s.master ? [s.master] : []));
  }
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
    for (const h of this.#children(m, 'HOUSE_CONSIGNMENT')) if (!out.includes(h)) out.push(h);
    return out;
  }
  directHousesOfTransport(t: NotificationRecord): NotificationRecord[] {
    const keys = transportDirectHouseKeys(t.body);
    const carrierId = transportKeyOf(t.body).carrierId;
    const out = this.active('house-consignment').filter((h) => {
      const chl = houseLevel(h.body);
      if (h.mode !== t.mode || chl?.['directConsignment'] !== true || !keys.some((k) => sameKey(k, houseKeyOf(h.body)))) return false;
      const houseCarrier = str(obj(chl['transportLevel'] ?? chl['tranportLevel'])?.['carrierIdentificationNumber']);
      return houseCarrier !== undefined && houseCarrier === carrierId;
    });
    for (const h of this.#children(t, 'HOUSE_CONSIGNMENT')) if (!out.includes(h)) out.push(h);
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
    for (const t of this.#parents(m, 'TRANSPORT')) if (!out.includes(t)) out.push(t);
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
  linkedToTransport(n: NotificationRecord): boolean {
    if (n.level === 'master-consignment') return this.transportsOfMaster(n).length > 0;
    if (n.level === 'house-consignment') return this.transportsOfHouse(n).length > 0;
    return true;
  }
}

/** Small deterministic PRNG (mulberry32) so the generated state is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A state full of collisions: few document numbers, two modes, two carriers (and absent ones), shared receptacles,
 * cancelled records, direct consignments, duplicate listings and relations (including dangling and cancelled ones).
 */
function tangledState(seed: number): PlaygroundState {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const modes = ['road', 'air'] as const;
  const carriers = [CARRIER_ID, 'NO111222333', undefined] as const;
  const docs = ['D1', 'D2', 'D3', 'D4', 'D5'];
  const types = ['N730', 'N741'];
  const receptacles = ['R1', 'R2', 'R3', 'R4'];
  const state = emptyState();
  const key = () => ({ documentNumber: pick(docs), type: pick(types) });
  const status = () => pick(['ACTIVE', 'ACTIVE', 'ACTIVE', 'CANCELLED', 'AUTO_CANCELLED'] as const);
  for (let i = 0; i < RECORDS; i++) {
    const level = pick(['transport', 'master-consignment', 'house-consignment', 'house-consignment'] as const);
    const carrier = pick(carriers);
    let body: Record<string, unknown>;
    if (level === 'transport') {
      const listed = Array.from({ length: Math.floor(rnd() * 4) }, () => ({
        transportDocumentMasterLevel: key(),
        ...(rnd() < 0.3 ? { consignmentHouseLevel: [{ transportDocumentHouseLevel: key() }] } : {}),
      }));
      body = {
        ...(carrier ? { carrier: { identificationNumber: carrier } } : {}),
        consignmentMasterLevel: listed,
        ...(rnd() < 0.3 ? { consignmentHouseLevel: [{ transportDocumentHouseLevel: key() }] } : {}),
      };
    } else if (level === 'master-consignment') {
      const rs = receptacles.filter(() => rnd() < 0.25);
      body = {
        consignmentMasterLevel: {
          ...(rnd() < 0.9 ? { transportDocumentMasterLevel: key() } : {}),
          ...(carrier ? { carrier: { identificationNumber: carrier } } : {}),
          ...(rs.length > 0 ? { consignmentHouseLevel: rnd() < 0.5 ? [{ receptacle: rs.map((r) => ({ receptacleIdentificationNumber: r })) }] : { receptacle: [{ receptacleIdentificationNumber: rs }] } } : {}),
        },
      };
    } else {
      const chl: Record<string, unknown> = { transportDocumentHouseLevel: key() };
      if (rnd() < 0.7) chl['consignmentMasterLevel'] = { transportDocumentMasterLevel: key(), ...(carrier ? { carrierIdentificationNumber: carrier } : {}) };
      if (rnd() < 0.3) chl['receptacleIdentificationNumber'] = pick(receptacles);
      if (rnd() < 0.3) chl['directConsignment'] = true;
      if (rnd() < 0.3) chl[rnd() < 0.5 ? 'transportLevel' : 'tranportLevel'] = { carrierIdentificationNumber: pick(carriers) ?? CARRIER_ID };
      body = { consignmentHouseLevel: chl };
    }
    state.notifications.push({
      mrn: `26NO${String(i).padStart(14, '0')}`,
      level,
      mode: pick(modes),
      body,
      submitterOrg: ORG_A,
      status: status(),
      createdAt: 0,
      updatedAt: 0,
      incompleteReasons: [],
    });
  }
  const mrns = state.notifications.map((n) => n.mrn);
  const typeOf: Record<string, string> = { transport: 'TRANSPORT', 'master-consignment': 'MASTER_CONSIGNMENT', 'house-consignment': 'HOUSE_CONSIGNMENT' };
  for (let i = 0; i < RECORDS / 3; i++) {
    const parent = pick(state.notifications);
    const child = pick(state.notifications);
    const relation: RelationRecord = {
      mrn: `26NOREL${String(i).padStart(11, '0')}`,
      mode: parent.mode,
      parentObjectType: rnd() < 0.9 ? (typeOf[parent.level] as string) : 'TRANSPORT',
      parentObjectReference: rnd() < 0.95 ? parent.mrn : '26NO99999999999999',
      childObjectType: rnd() < 0.9 ? (typeOf[child.level] as string) : 'HOUSE_CONSIGNMENT',
      childObjectReference: rnd() < 0.95 ? child.mrn : pick(mrns),
      submitterOrg: ORG_A,
      status: rnd() < 0.8 ? 'ACTIVE' : 'CANCELLED',
      createdAt: 0,
    };
    state.relations.push(relation);
  }
  return state;
}

const RECORDS = 150;
const SEEDS = [1, 2, 3, 4, 5];

const mrnsOf = (xs: readonly NotificationRecord[]) => xs.map((x) => `${x.mrn}@${x.level}`);

describe('Graph indexes (link resolution at scale)', () => {
  it('gives exactly the records, in exactly the order, of a full scan on tangled states', () => {
    let compared = 0;
    for (const seed of SEEDS) {
      const state = tangledState(seed);
      const indexed = new Graph(state);
      const scan = new ScanGraph(state);
      for (const level of ['transport', 'master-consignment', 'house-consignment'] as const) expect(mrnsOf(indexed.active(level))).toEqual(mrnsOf(scan.active(level)));
      for (const n of state.notifications) {
        expect(indexed.byMrn(n.mrn)).toBe(scan.byMrn(n.mrn));
        expect(indexed.linkedToTransport(n)).toBe(scan.linkedToTransport(n));
        if (n.level === 'transport') {
          expect(indexed.masterSlotsOfTransport(n)).toEqual(scan.masterSlotsOfTransport(n));
          expect(mrnsOf(indexed.mastersOfTransport(n))).toEqual(mrnsOf(scan.mastersOfTransport(n)));
          expect(mrnsOf(indexed.directHousesOfTransport(n))).toEqual(mrnsOf(scan.directHousesOfTransport(n)));
          expect(mrnsOf(indexed.housesOfTransport(n))).toEqual(mrnsOf(scan.housesOfTransport(n)));
        }
        // Every level is asked every question: the old code answered for any record, so must the new one.
        expect(mrnsOf(indexed.housesOfMaster(n))).toEqual(mrnsOf(scan.housesOfMaster(n)));
        expect(mrnsOf(indexed.transportsOfMaster(n))).toEqual(mrnsOf(scan.transportsOfMaster(n)));
        expect(mrnsOf(indexed.mastersOfHouse(n))).toEqual(mrnsOf(scan.mastersOfHouse(n)));
        expect(mrnsOf(indexed.transportsOfHouse(n))).toEqual(mrnsOf(scan.transportsOfHouse(n)));
        compared++;
      }
      // The generated states really do link things (otherwise the comparison above proves little).
      const linked = state.notifications.filter((n) => n.level === 'house-consignment' && scan.transportsOfHouse(n).length > 0);
      expect(linked.length).toBeGreaterThan(5);
    }
    expect(compared).toBe(SEEDS.length * RECORDS);
  });

  it('an index kept between requests (appends caught up, status changes announced) answers like a full scan', () => {
    let compared = 0;
    for (const seed of SEEDS) {
      const full = tangledState(seed);
      const rnd = prng(seed + 100);
      // Replays the tangled state into a live one record at a time, interleaving relations, with cancellations.
      const live = emptyState();
      const index = new StateIndex(live);
      const relations = [...full.relations];
      const check = () => {
        const indexed = new Graph(live, index.links());
        const scan = new ScanGraph(live);
        for (const n of live.notifications) {
          expect(indexed.byMrn(n.mrn)).toBe(scan.byMrn(n.mrn));
          expect(mrnsOf(indexed.housesOfMaster(n))).toEqual(mrnsOf(scan.housesOfMaster(n)));
          expect(mrnsOf(indexed.transportsOfHouse(n))).toEqual(mrnsOf(scan.transportsOfHouse(n)));
          expect(mrnsOf(indexed.mastersOfHouse(n))).toEqual(mrnsOf(scan.mastersOfHouse(n)));
          if (n.level === 'transport') expect(mrnsOf(indexed.housesOfTransport(n))).toEqual(mrnsOf(scan.housesOfTransport(n)));
          compared++;
        }
        for (const r of live.relations) expect(index.mrnTaken(r.mrn)).toBe(true);
        expect(index.mrnTaken('99NOZZZZZZZZZZZZZZ')).toBe(false);
      };
      for (const [i, n] of full.notifications.entries()) {
        live.notifications.push(n);
        if (rnd() < 0.3 && relations.length > 0) live.relations.push(relations.shift() as RelationRecord);
        if (rnd() < 0.05) {
          // A cancellation of something already indexed must be announced, as the handlers do.
          const victim = live.notifications[Math.floor(rnd() * live.notifications.length)] as NotificationRecord;
          victim.status = 'CANCELLED';
          index.recordsChanged();
        }
        if (i % 25 === 24) check();
      }
      live.relations.push(...relations);
      check();
    }
    expect(compared).toBeGreaterThan(SEEDS.length * RECORDS);
  });

  it('knows whether any transport has arrived: in a loaded state, among appended records, and once announced', () => {
    const record = (mrn: string, arrivedAt?: number): NotificationRecord => ({
      mrn,
      level: 'transport',
      mode: 'road',
      body: {},
      submitterOrg: ORG_A,
      status: 'ACTIVE',
      createdAt: 0,
      updatedAt: 0,
      incompleteReasons: [],
      ...(arrivedAt === undefined ? {} : { arrivedAt }),
    });
    const loaded = emptyState();
    loaded.notifications.push(record('26NO00000000000001'), record('26NO00000000000002', 5));
    expect(new StateIndex(loaded).anyTransportArrived()).toBe(true);
    const state = emptyState();
    const index = new StateIndex(state);
    expect(index.anyTransportArrived()).toBe(false);
    state.notifications.push(record('26NO00000000000003'));
    expect(index.anyTransportArrived()).toBe(false);
    state.notifications.push(record('26NO00000000000004', 7));
    expect(index.anyTransportArrived()).toBe(true);
    const later = emptyState();
    const laterIndex = new StateIndex(later);
    const t = record('26NO00000000000005');
    later.notifications.push(t);
    expect(laterIndex.anyTransportArrived()).toBe(false);
    t.arrivedAt = 9; // what arriveTransport does, and then it announces it
    laterIndex.transportArrived();
    expect(laterIndex.anyTransportArrived()).toBe(true);
  });

  it('keeps request, routing and presentation lookups in step with appends', () => {
    const state = emptyState();
    const index = new StateIndex(state);
    expect(index.request('a')).toBeUndefined();
    state.requests.push({ requestId: 'A-1', kind: 'presentation', operation: 'CREATE', org: ORG_A, body: null, submittedAt: 0 });
    state.requests.push({ requestId: 'a-1', kind: 'notification', operation: 'CREATE', org: ORG_A, body: null, submittedAt: 0 });
    expect(index.request('a-1')?.kind).toBe('notification');
    expect(index.requestsWithId('A-1').map((r) => r.kind)).toEqual(['presentation', 'notification']);
    const routing = (id: string, documentNumber: string, seq: number) =>
      state.routing.push({ id, seq, house: { documentNumber, type: 'N730' }, entrySummaryDeclarationMRN: '', receptacleId: '', routing: 'TO_ENTRY', documentIssueDate: 0, fromDataset: false });
    routing('r1', 'H1', 1);
    routing('r2', 'H2', 2);
    expect(index.latestRouting('H1', 'N730')?.id).toBe('r1');
    routing('r3', 'H1', 3);
    expect(index.latestRouting('H1', 'N730')?.id).toBe('r3');
    expect(index.routingPosition('r2')).toBe(1);
    expect(index.routingPosition('nope')).toBeUndefined();
    state.presentationRequestIds.push('abc');
    expect(index.presentationRequestIdUsed('ABC')).toBe(true);
    state.presented[ORG_A] = ['H1|N730'];
    expect(index.presented(ORG_A).has('H1|N730')).toBe(true);
    state.presented[ORG_A].push('H2|N730');
    expect(index.presented(ORG_A).has('H2|N730')).toBe(true);
    state.presented[ORG_A] = ['H3|N730'];
    expect([...index.presented(ORG_A)]).toEqual(['H3|N730']);
  });

  describe('3,000 houses through the HTTP API', () => {
    const TRANSPORTS = 20;
    const MASTERS_PER_TRANSPORT = 10;
    const HOUSES_PER_MASTER = 15;
    let pg: Playground;
    let token: string;
    beforeAll(async () => {
      pg = await startPlayground({ port: 0, validationDelayMs: 0 });
      token = await tokenFor(pg, ORG_A);
    });
    afterAll(async () => {
      await pg.close();
    });

    async function postAll(level: 'transport' | 'master-consignment' | 'house-consignment', bodies: Record<string, unknown>[]): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < bodies.length; i += 50) {
        const answers = await Promise.all(bodies.slice(i, i + 50).map((b) => post(pg, token, 'road', level, b)));
        for (const a of answers) {
          expect(a.status, a.text).toBe(202);
          ids.push(a.body.requestId as string);
        }
        pg.processPending();
      }
      return ids;
    }

    it('lists 150 houses under each transport and routes all 3,000 on arrival', async () => {
      const started = Date.now();
      const now = pg.clock.now();
      const masterNo = (t: number, m: number) => `SC-M-${t}-${m}`;
      await postAll(
        'master-consignment',
        Array.from({ length: TRANSPORTS * MASTERS_PER_TRANSPORT }, (_, i) => master({ now, documentNumber: masterNo(Math.floor(i / MASTERS_PER_TRANSPORT), i % MASTERS_PER_TRANSPORT) })),
      );
      const houses: Record<string, unknown>[] = [];
      for (let t = 0; t < TRANSPORTS; t++)
        for (let m = 0; m < MASTERS_PER_TRANSPORT; m++)
          for (let h = 0; h < HOUSES_PER_MASTER; h++) houses.push(house({ now, documentNumber: `SC-H-${t}-${m}-${h}`, master: { documentNumber: masterNo(t, m) } }));
      await postAll('house-consignment', houses);
      const transportIds = await postAll(
        'transport',
        Array.from({ length: TRANSPORTS }, (_, t) =>
          transport('road', { now, meansId: `SC${t}`, masters: Array.from({ length: MASTERS_PER_TRANSPORT }, (_, m) => ({ documentNumber: masterNo(t, m), type: 'N730' })) }),
        ),
      );
      const posted = Date.now();

      const transportMrns: string[] = [];
      for (const id of transportIds) {
        const s = await call(pg.url, 'GET', `${BASE.road.query}/transport/validation-status/${id}`, { token });
        expect(s.body.status, s.text).toBe('SUCCESS');
        transportMrns.push(s.body.mrn as string);
      }
      for (const [t, mrn] of transportMrns.entries()) {
        const tree = await call(pg.url, 'GET', `${BASE.road.query}/transport/${mrn}/status-with-descendants`, { token });
        expect(tree.status).toBe(200);
        const masters = tree.body.masterConsignments as { houseConsignments?: { documentNumber?: string }[] }[];
        expect(masters).toHaveLength(MASTERS_PER_TRANSPORT);
        const houseNumbers = masters.flatMap((m) => (m.houseConsignments ?? []).map((h) => h.documentNumber));
        expect(houseNumbers).toHaveLength(MASTERS_PER_TRANSPORT * HOUSES_PER_MASTER);
        expect(new Set(houseNumbers).size).toBe(MASTERS_PER_TRANSPORT * HOUSES_PER_MASTER);
        expect(houseNumbers.every((n) => n?.startsWith(`SC-H-${t}-`))).toBe(true);
      }
      const routed = transportMrns.flatMap((mrn) => pg.arriveTransport(mrn).routed);
      expect(routed).toHaveLength(TRANSPORTS * MASTERS_PER_TRANSPORT * HOUSES_PER_MASTER);
      expect(new Set(routed.map((r) => r.documentNumber)).size).toBe(TRANSPORTS * MASTERS_PER_TRANSPORT * HOUSES_PER_MASTER);
      console.log(`graph-scale: posted+processed ${houses.length} houses in ${posted - started} ms; queries+arrival ${Date.now() - posted} ms`);
    }, 300_000);
  });
});
