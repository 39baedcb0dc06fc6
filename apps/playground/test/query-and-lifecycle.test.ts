import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { BASE, CARRIER_ID, house, instant, master, transport } from './support/bodies.js';
import { ORG_A, create, status, tokenFor } from './support/flow.js';
import { call } from './support/http.js';

let pg: Playground;
let token: string;
beforeAll(async () => {
  pg = await startPlayground({ port: 0 });
  token = await tokenFor(pg, ORG_A);
});
afterAll(async () => {
  await pg.close();
});

const q = (path: string) => call(pg.url, 'GET', `${BASE.road.query}${path}`, { token });

describe('query API (§4.1 query table, §8.4–§8.6)', () => {
  let transportMrn: string;
  let masterMrn: string;
  let h1: string;
  let h2: string;
  let postal: string;

  beforeAll(async () => {
    const now = pg.clock.now();
    transportMrn = await create(pg, token, 'road', 'transport', transport('road', {
      now,
      meansId: 'QRY001',
      masters: [{ documentNumber: 'QM-1', type: 'N730' }, { documentNumber: 'QM-MISSING', type: 'N730' }, { documentNumber: 'QM-POST', type: 'N730' }],
    }));
    masterMrn = await create(pg, token, 'road', 'master-consignment', master({ now, documentNumber: 'QM-1', grossMass: 1200 }));
    h1 = await create(pg, token, 'road', 'house-consignment', house({ now, documentNumber: 'QH-1', master: { documentNumber: 'QM-1' }, totalGrossMass: 700 }));
    h2 = await create(pg, token, 'road', 'house-consignment', house({ now, documentNumber: 'QH-2', master: { documentNumber: 'QM-1' }, totalGrossMass: 485.5, previousDocuments: null }));
    await create(pg, token, 'road', 'master-consignment', master({ now, documentNumber: 'QM-POST', grossMass: 30, receptacles: ['GBASFZMLBKONAUN30001009999999'] }));
    postal = await create(pg, token, 'road', 'house-consignment', house({
      now,
      documentNumber: 'QP-1',
      type: 'N750',
      receptacleId: 'GBASFZMLBKONAUN30001009999999',
      importProcedure: { importProcedure: 'COLLECTIVE_RELEASE', hasOutgoingProcedure: false },
      previousDocuments: null,
      totalGrossMass: 2,
    }));
  });

  it('transport status-with-descendants: weights, received flags, houses with status', async () => {
    const a = await q(`/transport/${transportMrn}/status-with-descendants`);
    expect(a.status).toBe(200);
    expect(a.body.sumOfWeightForMasterConsignments).toBe(1230);
    expect(a.body.sumOfWeightForHouseConsignments).toBe(1187.5);
    const m1 = a.body.masterConsignments.find((m: any) => m.documentNumber === 'QM-1');
    expect(m1).toMatchObject({ type: 'N730', weight: 1200, sumOfWeightForHouseConsignments: 1185.5, received: true });
    expect(m1.houseConsignments).toEqual([
      { documentNumber: 'QH-1', type: 'N730', mrn: h1, weight: 700, status: 'SUCCESS' },
      { documentNumber: 'QH-2', type: 'N730', mrn: h2, weight: 485.5, status: 'INCOMPLETE' },
    ]);
    expect(a.body.masterConsignments.find((m: any) => m.documentNumber === 'QM-MISSING')).toMatchObject({ received: false, houseConsignments: [] });
  });

  it('masters and houses linked to a transport', async () => {
    const masters = await q(`/transport/${transportMrn}/master-consignment/transport-document/status`);
    expect(masters.body).toEqual([
      { documentNumber: 'QM-1', type: 'N730', received: true, mrn: masterMrn, documentStatus: 'SUCCESS' },
      { documentNumber: 'QM-MISSING', type: 'N730', received: false },
      expect.objectContaining({ documentNumber: 'QM-POST', received: true }),
    ]);
    const houses = await q(`/transport/${transportMrn}/house-consignment/transport-document/status`);
    expect(houses.body.map((h: any) => [h.documentNumber, h.documentStatus])).toEqual([
      ['QH-1', 'SUCCESS'],
      ['QH-2', 'INCOMPLETE'],
      ['QP-1', 'SUCCESS'],
    ]);
    expect(houses.body[1].incompleteDocumentationReasonList).toEqual(['INCOMPLETE_CUDE_DOCUMENTATION']);
  });

  it('master status-with-descendants and transport-document status by MRN and by document number', async () => {
    const swd = await q(`/master-consignment/${masterMrn}/status-with-descendants`);
    expect(swd.body).toMatchObject({ documentNumber: 'QM-1', weight: 1200, received: true });
    expect(swd.body.houseConsignments).toHaveLength(2);
    const byMrn = await q(`/master-consignment/${masterMrn}/transport-document/status`);
    expect(byMrn.body.map((h: any) => h.documentNumber)).toEqual(['QH-1', 'QH-2']);
    const byDoc = await q(`/master-consignment/transport-document/status?documentNumber=QM-1&type=N730&carrierId=${CARRIER_ID}`);
    expect(byDoc.body).toEqual(byMrn.body);
    expect((await q('/master-consignment/transport-document/status?documentNumber=QM-1&type=N730&carrierId=NO000000000')).status).toBe(404);
    expect((await q('/master-consignment/transport-document/status')).status).toBe(400);
  });

  it('one house by MRN, by document number, and houses by postal receptacle', async () => {
    const byMrn = await q(`/house-consignment/${h2}/transport-document/status`);
    expect(byMrn.body).toEqual({ documentNumber: 'QH-2', type: 'N730', mrn: h2, documentStatus: 'INCOMPLETE', incompleteDocumentationReasonList: ['INCOMPLETE_CUDE_DOCUMENTATION'] });
    const byDoc = await q(`/house-consignment/transport-document/status?documentNumber=QH-2&type=N730&carrierId=${CARRIER_ID}`);
    expect(byDoc.body).toEqual(byMrn.body);
    const receptacle = await q('/house-consignment/postal-receptacle/GBASFZMLBKONAUN30001009999999/transport-document/status');
    expect(receptacle.body).toEqual([{ documentNumber: 'QP-1', type: 'N750', mrn: postal, documentStatus: 'SUCCESS', incompleteDocumentationReasonList: [] }]);
    expect((await q('/house-consignment/postal-receptacle/NOPE/transport-document/status')).status).toBe(404);
  });

  it('entry status: 404 before arrival; after arrival validEntry follows the routing; PUT completing a house flips it', async () => {
    expect((await q(`/entry/status/${transportMrn}`)).status).toBe(404);
    const arrival = pg.arriveTransport(transportMrn);
    expect(arrival.routed.map((r) => [r.documentNumber, r.routing])).toEqual([
      ['QH-1', 'TO_ENTRY'],
      ['QH-2', 'ENTRY_PENDING'],
      ['QP-1', 'TO_ENTRY'],
    ]);
    const before = await q(`/entry/status/${transportMrn}`);
    expect(before.body).toMatchObject({ validEntry: false, customsOfficeOfEntry: 'NO371001', mrn: transportMrn, timeOfEntry: arrival.arrivedAt });
    const put = await call(pg.url, 'PUT', `${BASE.road.submit}/house-consignment/${h2}`, {
      token,
      json: house({ now: pg.clock.now(), documentNumber: 'QH-2', master: { documentNumber: 'QM-1' }, totalGrossMass: 485.5 }),
    });
    expect((await status(pg, token, 'road', 'house-consignment', put.body.requestId)).body.status).toBe('SUCCESS');
    expect((await q(`/entry/status/${transportMrn}`)).body.validEntry).toBe(true);
  });
});

describe('transport updates and direct consignments', () => {
  it('PUT of a transport may move the ETA (same MRN) but not the scheduled arrival or the vehicle', async () => {
    const now = pg.clock.now();
    const body = transport('road', { now, meansId: 'PUT-T1' });
    const mrn = await create(pg, token, 'road', 'transport', body);
    const later = { ...body, estimatedDateAndTimeOfArrival: new Date(now + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const ok = await call(pg.url, 'PUT', `${BASE.road.submit}/transport/${mrn}`, { token, json: later });
    expect((await status(pg, token, 'road', 'transport', ok.body.requestId)).body).toMatchObject({ status: 'SUCCESS', mrn });
    const moved = { ...later, scheduledDateAndTimeOfArrival: later.estimatedDateAndTimeOfArrival };
    const bad = await call(pg.url, 'PUT', `${BASE.road.submit}/transport/${mrn}`, { token, json: moved });
    const s = (await status(pg, token, 'road', 'transport', bad.body.requestId)).body;
    expect(s.status).toBe('FAILURE');
    expect(s.validationErrorList.map((e: any) => e.pointer.messageElementPath)).toContain('scheduledDateAndTimeOfArrival');
  });

  it('a direct consignment listed on the transport (directConsignment: true) belongs to it', async () => {
    const now = pg.clock.now();
    const t = transport('road', { now, meansId: 'DIR-T1' });
    t['consignmentMasterLevel'] = [{ transportDocumentMasterLevel: { documentNumber: 'DIR-M0', type: 'N730' }, consignmentHouseLevel: [{ transportDocumentHouseLevel: { documentNumber: 'DIR-H1', type: 'N730' } }] }];
    const tm = await create(pg, token, 'road', 'transport', t);
    const h = house({ now, documentNumber: 'DIR-H1' });
    Object.assign(h['consignmentHouseLevel'] as Record<string, unknown>, { directConsignment: true, transportLevel: { carrierIdentificationNumber: CARRIER_ID } });
    await create(pg, token, 'road', 'house-consignment', h);
    const houses = await q(`/transport/${tm}/house-consignment/transport-document/status`);
    expect(houses.body.map((x: any) => x.documentNumber)).toEqual(['DIR-H1']);
  });
});

describe('automatic cancellation on the injectable clock (§5)', () => {
  it('cancels a transport 72 h after its ETA unless it arrived, and unlinked consignments 30 days after their last update', async () => {
    const local = await startPlayground({ port: 0 });
    try {
      const t = await tokenFor(local, ORG_A);
      const now = local.clock.now();
      const eta = now + 3600_000;
      const lonely = await create(local, t, 'road', 'transport', transport('road', { now, etaMs: eta, meansId: 'AC1' }));
      const arrived = await create(local, t, 'road', 'transport', transport('road', { now, etaMs: eta, meansId: 'AC2', masters: [{ documentNumber: 'AC-M', type: 'N730' }] }));
      await create(local, t, 'road', 'master-consignment', master({ now, documentNumber: 'AC-M' }));
      const linked = await create(local, t, 'road', 'house-consignment', house({ now, documentNumber: 'AC-H1', master: { documentNumber: 'AC-M' } }));
      const unlinked = await create(local, t, 'road', 'house-consignment', house({ now, documentNumber: 'AC-H2' }));
      local.arriveTransport(arrived);

      local.clock.advance(72 * 3600_000 + 3600_000 - 60_000); // one minute before ETA + 72 h
      expect((await call(local.url, 'GET', `${BASE.road.query}/transport/${lonely}/status-with-descendants`, { token: await tokenFor(local, ORG_A) })).status).toBe(200);
      local.clock.advance(120_000);
      expect((await call(local.url, 'GET', `${BASE.road.query}/transport/${lonely}/status-with-descendants`, { token: await tokenFor(local, ORG_A) })).status).toBe(404);
      expect((await call(local.url, 'GET', `${BASE.road.query}/transport/${arrived}/status-with-descendants`, { token: await tokenFor(local, ORG_A) })).status).toBe(200);

      local.clock.advance(30 * 86_400_000 - 73 * 3600_000);
      expect((await call(local.url, 'GET', `${BASE.road.query}/house-consignment/${unlinked}/transport-document/status`, { token: await tokenFor(local, ORG_A) })).status).toBe(404);
      expect((await call(local.url, 'GET', `${BASE.road.query}/house-consignment/${linked}/transport-document/status`, { token: await tokenFor(local, ORG_A) })).status).toBe(200);
      const admin = await call(local.url, 'GET', '/_admin/notifications');
      expect(admin.body.find((n: any) => n.mrn === unlinked).status).toBe('AUTO_CANCELLED');
      expect(admin.body.find((n: any) => n.mrn === lonely).status).toBe('AUTO_CANCELLED');
      // The key of an auto-cancelled house is free again.
      expect(await create(local, await tokenFor(local, ORG_A), 'road', 'house-consignment', house({ now: local.clock.now(), documentNumber: 'AC-H2' }))).toMatch(/NO/);

      // The linked house is past its 30 days but kept by its transport; once the transport is cancelled, the next
      // request cancels it (and its master), without the clock moving.
      const token = await tokenFor(local, ORG_A);
      const del = await call(local.url, 'DELETE', `${BASE.road.submit}/transport/${arrived}`, { token, json: { documentIssueDate: instant(local.clock.now()) } });
      expect(del.status, del.text).toBe(202);
      local.processPending();
      expect((await call(local.url, 'GET', `${BASE.road.query}/house-consignment/${linked}/transport-document/status`, { token })).status).toBe(404);
      const after = await call(local.url, 'GET', '/_admin/notifications');
      expect(after.body.find((n: any) => n.mrn === linked).status).toBe('AUTO_CANCELLED');
      expect(after.body.find((n: any) => n.mrn === arrived).status).toBe('CANCELLED');
    } finally {
      await local.close();
    }
  });
});
