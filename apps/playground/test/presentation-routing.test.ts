import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { BASE, CARRIER_ID, house, master, transport } from './support/bodies.js';
import { ORG_A, ORG_B, ORG_C, create, status, tokenFor } from './support/flow.js';
import { call, pollStatus } from './support/http.js';

/** Seed 001 / docs/digitoll.md §11, written out as the seed states it. */
const SEED_001 = [
  { ens: '23NO00000000000001', receptacle: 'GBASFZMLBKONAUN30001001019999', doc: 'NO100000001MU', type: 'N750', container: '', routing: 'TO_CONTROL' },
  { ens: '23NO00000000000002', receptacle: 'GBASFZMLBKONAUN30001001019999', doc: 'NO100000002MU', type: 'N750', container: '', routing: 'TO_ENTRY' },
  { ens: '23NO00000000000003', receptacle: '', doc: 'HC001', type: 'N740', container: '', routing: 'TO_ENTRY' },
  { ens: '23NO00000000000003', receptacle: '', doc: 'HC002', type: 'N740', container: '', routing: 'TO_CONTROL' },
  { ens: '23NO00000000000004', receptacle: '', doc: 'HC001', type: 'N703', container: '', routing: 'TO_CONTROL' },
  { ens: '23NO00000000000004', receptacle: '', doc: 'HC002', type: 'N703', container: '', routing: 'TO_ENTRY' },
  { ens: '23NO00000000000005', receptacle: '', doc: 'HC003', type: 'N714', container: 'JARU0000010', routing: 'TO_CONTROL' },
  { ens: '23NO00000000000005', receptacle: '', doc: 'HC004', type: 'N714', container: 'JARU0000026', routing: 'TO_ENTRY' },
];

const PRES = '/api/movement/presentation/v1';
const FEED = '/api/movement/routing/v1/house-consignment';

let pg: Playground;
beforeAll(async () => {
  pg = await startPlayground({ port: 0 });
});
afterAll(async () => {
  await pg.close();
});

let orgSeq = 0;
/** A fresh organisation (so each test reads its own routing feed). */
async function freshOrg(): Promise<{ org: string; token: string }> {
  const org = String(700000000 + ++orgSeq);
  return { org, token: await pg.issueCustomsToken({ orgNumber: org, scopes: ['toll:movement/entry', 'toll:movement/road/v2'] }) };
}

async function present(token: string, kind: string, body: Record<string, unknown>) {
  const requestId = (body['requestId'] as string | undefined) ?? randomUUID();
  const a = await call(pg.url, 'POST', `${PRES}/${kind}`, { token, json: { requestId, customsOfficeOfPresentation: 'NO351001', ...body } });
  return { a, requestId };
}

async function feed(token: string, marker?: string) {
  return call(pg.url, 'GET', `${FEED}${marker ? `?marker=${marker}` : ''}`, { token });
}

describe('presentation with the static playground dataset (seed 001)', () => {
  it.each(SEED_001.map((r, i) => [i + 1, r] as const))('row %i: presenting house %s answers with its fixed routing', async (_i, row) => {
    const { token } = await freshOrg();
    const { a, requestId } = await present(token, 'house-consignment', { consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: row.doc, type: row.type } } });
    expect(a.status).toBe(202);
    expect(a.body).toEqual({ requestId });
    const s = await pollStatus(pg.url, `${PRES}/validation-status/${requestId}`, token);
    expect(s.body).toMatchObject({ status: 'SUCCESS', requestId });
    const items = (await feed(token)).body;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      transportDocumentHouseLevel: { referenceNumber: row.doc, type: row.type },
      entrySummaryDeclarationMRN: row.ens,
      receptacleId: row.receptacle,
      routingResult: { id: expect.any(String), routing: row.routing },
    });
    if (row.routing === 'TO_CONTROL') expect(items[0].routingResult.routingControlLocation).toBe('ON_ENTRY');
  });

  it.each(['23NO00000000000001', '23NO00000000000002', '23NO00000000000003', '23NO00000000000004', '23NO00000000000005'])(
    'ENS %s presented (deprecated endpoint) routes exactly its houses',
    async (ens) => {
      const { token } = await freshOrg();
      const { a } = await present(token, 'entry-summary-declaration', { mrn: ens });
      expect(a.status).toBe(202);
      const got = (await feed(token)).body.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.transportDocumentHouseLevel.type, i.routingResult.routing]);
      const want = SEED_001.filter((r) => r.ens === ens).map((r) => [r.doc, r.type, r.routing]);
      expect(got).toEqual(want);
    },
  );

  it('ENS via /master-consignment (ICS2 replacement), receptacle and container presentations', async () => {
    const ens = await freshOrg();
    expect((await present(ens.token, 'master-consignment', { entrySummaryDeclarationMRN: '23NO00000000000003', transportDocumentMasterLevel: { documentNumber: 'MAWB1', type: 'N741' } })).a.status).toBe(202);
    expect((await feed(ens.token)).body.map((i: any) => i.routingResult.routing)).toEqual(['TO_ENTRY', 'TO_CONTROL']);

    const rec = await freshOrg();
    expect((await present(rec.token, 'receptacle', { receptacleId: 'GBASFZMLBKONAUN30001001019999' })).a.status).toBe(202);
    expect((await feed(rec.token)).body.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.routingResult.routing])).toEqual([
      ['NO100000001MU', 'TO_CONTROL'],
      ['NO100000002MU', 'TO_ENTRY'],
    ]);

    const con = await freshOrg();
    expect((await present(con.token, 'container', { containerIdentificationNumber: 'JARU0000026' })).a.status).toBe(202);
    expect((await feed(con.token)).body.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.routingResult.routing])).toEqual([['HC004', 'TO_ENTRY']]);
  });

  // Customs, api/mo/mo-vei-endringer-v1-v2.html "#presentation" / "Hovedendringer": the ENS presentation endpoint used in
  // ICS2 is replaced by the master-consignment endpoint; documentNumber replaces the legacy referenceNumber, which is still
  // accepted for ICS2 (issue #16 item 8: both answered 400).
  it('ICS2: an ENS presented through /master-consignment with its MRN alone routes the ENS houses (mo-vei-endringer-v1-v2, presentation)', async () => {
    const { token } = await freshOrg();
    const { a } = await present(token, 'master-consignment', { entrySummaryDeclarationMRN: '23NO00000000000004' });
    expect(a.status).toBe(202);
    expect((await feed(token)).body.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.transportDocumentHouseLevel.type, i.routingResult.routing])).toEqual([
      ['HC001', 'N703', 'TO_CONTROL'],
      ['HC002', 'N703', 'TO_ENTRY'],
    ]);
  });

  it('ICS2: a house presented with the legacy referenceNumber is accepted (mo-vei-endringer-v1-v2, presentation)', async () => {
    const { token } = await freshOrg();
    const { a } = await present(token, 'house-consignment', { consignmentHouseLevel: { transportDocumentHouseLevel: { referenceNumber: 'HC002', type: 'N740' } } });
    expect(a.status).toBe(202);
    expect((await feed(token)).body.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.routingResult.routing])).toEqual([['HC002', 'TO_CONTROL']]);
    const neither = await present(token, 'house-consignment', { consignmentHouseLevel: { transportDocumentHouseLevel: { type: 'N740' } } });
    expect(neither.a.status).toBe(400);
    expect(neither.a.body.validationErrors.map((e: any) => e.field)).toContain('consignmentHouseLevel.transportDocumentHouseLevel.documentNumber');
  });

  it('counts presentation POSTs per consignment, refused re-used requestIds included', async () => {
    const { token } = await freshOrg();
    const before = pg.counters.presentationsFor('receptacle', 'GBASFZMLBKONAUN30001001019999');
    const requestId = randomUUID();
    await present(token, 'receptacle', { requestId, receptacleId: 'GBASFZMLBKONAUN30001001019999' });
    await present(token, 'receptacle', { requestId, receptacleId: 'GBASFZMLBKONAUN30001001019999' });
    expect(pg.counters.presentationsFor('receptacle', 'GBASFZMLBKONAUN30001001019999') - before).toBe(2);
    expect(pg.counters.snapshot().presentations).toContainEqual(expect.objectContaining({ kind: 'receptacle', reference: 'GBASFZMLBKONAUN30001001019999' }));
  });

  it('a reused requestId is a validation error', async () => {
    const { token } = await freshOrg();
    const requestId = randomUUID();
    expect((await present(token, 'entry-summary-declaration', { requestId, mrn: '23NO00000000000001' })).a.status).toBe(202);
    const again = await present(token, 'entry-summary-declaration', { requestId, mrn: '23NO00000000000002' });
    expect(again.a.status).toBe(400);
    expect(again.a.body.validationErrors[0]).toMatchObject({ field: 'requestId' });
    // Also across organisations: the requestId is global.
    const other = await freshOrg();
    expect((await present(other.token, 'entry-summary-declaration', { requestId, mrn: '23NO00000000000002' })).a.status).toBe(400);
  });

  it.each([
    ['entry-summary-declaration', { mrn: '23NO00000000000099' }, 'mrn'],
    ['house-consignment', { consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC001', type: 'N714' } } }, 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber'],
    ['receptacle', { receptacleId: 'GBASFZMLBKONAUN30001001010000' }, 'receptacleId'],
    ['container', { containerIdentificationNumber: 'JARU0000099' }, 'containerIdentificationNumber'],
    ['master-consignment', { transportDocumentMasterLevel: { documentNumber: 'NOPE', type: 'N741' } }, 'transportDocumentMasterLevel.documentNumber'],
    ['house-consignment', { transportMRN: '26NO00000000000000', consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC001', type: 'N740' } } }, 'transportMRN'],
  ] as [string, Record<string, unknown>, string][])('other values give validation errors: %s', async (kind, body, field) => {
    const { token } = await freshOrg();
    const { a } = await present(token, kind, body);
    expect(a.status).toBe(400);
    expect(a.body.validationErrors.map((e: any) => e.field)).toContain(field);
  });

  it('shape errors: requestId must be a UUID, the ENS body needs its office', async () => {
    const { token } = await freshOrg();
    const bad = await call(pg.url, 'POST', `${PRES}/entry-summary-declaration`, { token, json: { requestId: 'abc', mrn: '23NO00000000000001' } });
    expect(bad.status).toBe(400);
    expect(bad.body.validationErrors).toEqual(expect.arrayContaining([{ field: 'requestId', error: 'size must be between 36 and 36' }, { field: 'customsOfficeOfPresentation', error: 'must not be blank' }]));
  });

  it('presentation and routing need the entry scope', async () => {
    const road = await pg.issueCustomsToken({ orgNumber: ORG_A, scopes: ['toll:movement/road/v2'] });
    expect((await feed(road)).status).toBe(403);
    expect((await present(road, 'entry-summary-declaration', { mrn: '23NO00000000000001' })).a.status).toBe(403);
  });

  it('validation status is 404 until processed, and lists the caller\'s presentations', async () => {
    const slow = await startPlayground({ port: 0, validationDelayMs: 300 });
    try {
      const token = await slow.issueCustomsToken({ orgNumber: ORG_C, scopes: ['toll:movement/entry'] });
      const requestId = randomUUID();
      await call(slow.url, 'POST', `${PRES}/entry-summary-declaration`, { token, json: { requestId, customsOfficeOfPresentation: 'NO351001', mrn: '23NO00000000000003' } });
      expect((await call(slow.url, 'GET', `${PRES}/validation-status/${requestId}`, { token })).status).toBe(404);
      expect((await call(slow.url, 'GET', FEED, { token })).body).toEqual([]);
      const done = await pollStatus(slow.url, `${PRES}/validation-status/${requestId}`, token);
      expect(done.body.status).toBe('SUCCESS');
      const all = await call(slow.url, 'GET', `${PRES}/validation-status`, { token });
      expect(all.body).toEqual([done.body]);
    } finally {
      await slow.close();
    }
  });
});

describe('routing of notified houses on arrival (§10, deterministic rules)', () => {
  it('applies the documented rules; visibility follows §2.1; presenting an MO house connects the presenter', async () => {
    const a = await tokenFor(pg, ORG_A);
    const now = pg.clock.now();
    const t = await create(pg, a, 'road', 'transport', transport('road', { now, meansId: 'RT1', masters: [{ documentNumber: 'RM-1', type: 'N730' }] }));
    await create(pg, a, 'road', 'master-consignment', master({ now, documentNumber: 'RM-1' }));
    const houses = {
      plain: 'RH-PLAIN',
      ctrl: 'RH-CTRL',
      after: 'RH-CTRLAFTER',
      deny: 'RH-DENY',
      pending: 'RH-PENDING',
    };
    for (const [k, doc] of Object.entries(houses)) {
      await create(pg, a, 'road', 'house-consignment', house({ now, documentNumber: doc, master: { documentNumber: 'RM-1' }, previousDocuments: k === 'pending' ? null : undefined, representativeOrg: k === 'deny' ? ORG_B : undefined }));
    }
    // Routing items carry only documented members (no transportMRN): the transport is told by its means of transport.
    const onT = (i: any): boolean => i.activeBorderTransportMeans?.identificationNumber === 'RT1';
    // Before arrival there is no routing.
    expect((await feed(a)).body.filter((i: any) => onT(i))).toEqual([]);
    const admin = await call(pg.url, 'POST', `/_admin/arrive/${t}`);
    expect(admin.status).toBe(200);
    const mine = (await feed(a)).body.filter((i: any) => onT(i));
    expect(mine.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.routingResult.routing, i.routingResult.routingControlLocation])).toEqual([
      ['RH-PLAIN', 'TO_ENTRY', undefined],
      ['RH-CTRL', 'TO_CONTROL', 'ON_ENTRY'],
      ['RH-CTRLAFTER', 'TO_CONTROL', 'AFTER_ENTRY'],
      ['RH-DENY', 'ENTRY_DENIED', undefined],
      ['RH-PENDING', 'ENTRY_PENDING', 'ON_ENTRY'],
    ]);
    expect(mine[0]).toMatchObject({ activeBorderTransportMeans: { identificationNumber: 'RT1', typeOfIdentification: '30' }, estimatedTimeOfArrival: expect.any(String) });

    // ORG_B is representative of RH-DENY only; ORG_C is no party at all until it presents RH-PLAIN.
    const b = await tokenFor(pg, ORG_B);
    expect((await feed(b)).body.map((i: any) => i.transportDocumentHouseLevel.referenceNumber)).toEqual(['RH-DENY']);
    const c = await tokenFor(pg, ORG_C);
    expect((await feed(c)).body.filter((i: any) => onT(i))).toEqual([]);
    const p = await call(pg.url, 'POST', `${PRES}/house-consignment`, {
      token: c,
      json: { requestId: randomUUID(), transportMRN: t, consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'RH-PLAIN', type: 'N730' } } },
    });
    expect(p.status).toBe(202);
    expect((await feed(c)).body.filter((i: any) => onT(i)).map((i: any) => i.transportDocumentHouseLevel.referenceNumber)).toEqual(['RH-PLAIN']);

    // Latest wins: completing RH-PENDING by PUT adds TO_ENTRY after ENTRY_PENDING; the marker returns only the news.
    const marker = mine[mine.length - 1].routingResult.id;
    const mrn = (await call(pg.url, 'GET', `${BASE.road.query}/house-consignment/transport-document/status?documentNumber=RH-PENDING&type=N730&carrierId=${CARRIER_ID}`, { token: a })).body.mrn;
    const put = await call(pg.url, 'PUT', `${BASE.road.submit}/house-consignment/${mrn}`, { token: a, json: house({ now, documentNumber: 'RH-PENDING', master: { documentNumber: 'RM-1' } }) });
    expect((await status(pg, a, 'road', 'house-consignment', put.body.requestId)).body.status).toBe('SUCCESS');
    const news = (await feed(a, marker)).body;
    expect(news.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.routingResult.routing])).toEqual([['RH-PENDING', 'TO_ENTRY']]);
    expect((await feed(a, news[0].routingResult.id)).body).toEqual([]);
    expect((await feed(a, '00000000-0000-4000-8000-000000000000')).status).toBe(400);
  });

  // Seed 001 (Customs' presentation page): "Once a consignment has been correctly presented, the control direction
  // signal can be retrieved from the routing service" — presentation is the documented path to routing for ICS2 goods.
  it('presenting a notified house before its transport arrived routes it by the same rules (seed 001: routing follows presentation)', async () => {
    const a = await tokenFor(pg, ORG_A);
    const now = pg.clock.now();
    const t = await create(pg, a, 'road', 'transport', transport('road', { now, meansId: 'PRES1', masters: [{ documentNumber: 'PM-9', type: 'N730' }] }));
    await create(pg, a, 'road', 'master-consignment', master({ now, documentNumber: 'PM-9' }));
    await create(pg, a, 'road', 'house-consignment', house({ now, documentNumber: 'PH-CTRL', master: { documentNumber: 'PM-9' } }));
    await create(pg, a, 'road', 'house-consignment', house({ now, documentNumber: 'PH-OTHER', master: { documentNumber: 'PM-9' } }));
    // Routing items carry only documented members (no transportMRN): pick this transport's houses by reference.
    const ours = (i: any) => ['PH-CTRL', 'PH-OTHER'].includes(i.transportDocumentHouseLevel?.referenceNumber);
    expect(t).toMatch(/^\d{2}NO/);
    expect((await feed(a)).body.filter(ours)).toEqual([]);
    const p = await call(pg.url, 'POST', `${PRES}/house-consignment`, {
      token: a,
      json: { requestId: randomUUID(), customsOfficeOfPresentation: 'NO351001', consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'PH-CTRL', type: 'N730' } } },
    });
    expect(p.status).toBe(202);
    const mine = (await feed(a)).body.filter(ours);
    expect(mine.map((i: any) => [i.transportDocumentHouseLevel.referenceNumber, i.routingResult.routing, i.routingResult.routingControlLocation])).toEqual([['PH-CTRL', 'TO_CONTROL', 'ON_ENTRY']]);
  });

  it('pages hold at most 1000 items in order; the marker is the last routingResult.id', async () => {
    const local = await startPlayground({ port: 0 });
    try {
      const token = await tokenFor(local, ORG_A);
      const now = local.clock.now();
      const t = await create(local, token, 'road', 'transport', transport('road', { now, meansId: 'PAGE1', masters: [{ documentNumber: 'PM-1', type: 'N730' }] }));
      await create(local, token, 'road', 'master-consignment', master({ now, documentNumber: 'PM-1' }));
      const docs = Array.from({ length: 1003 }, (_, i) => `PH-${String(i).padStart(4, '0')}`);
      for (let i = 0; i < docs.length; i += 50) {
        await Promise.all(docs.slice(i, i + 50).map((d) => call(local.url, 'POST', `${BASE.road.submit}/house-consignment`, { token, json: house({ now, documentNumber: d, master: { documentNumber: 'PM-1' } }) })));
      }
      expect(local.arriveTransport(t).routed).toHaveLength(1003);
      const first = await call(local.url, 'GET', FEED, { token });
      expect(first.body).toHaveLength(1000);
      const second = await call(local.url, 'GET', `${FEED}?marker=${first.body[999].routingResult.id}`, { token });
      expect(second.body).toHaveLength(3);
      const seen = [...first.body, ...second.body].map((i: any) => i.transportDocumentHouseLevel.referenceNumber).sort();
      expect(seen).toEqual(docs);
      expect((await call(local.url, 'GET', `${FEED}?marker=${second.body[2].routingResult.id}`, { token })).body).toEqual([]);
    } finally {
      await local.close();
    }
  });
});
