import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { BASE, house, instant, master, transport } from './support/bodies.js';
import { ORG_A, ORG_B, create, tokenFor } from './support/flow.js';
import { call, pollStatus } from './support/http.js';

let pg: Playground;
let token: string;
beforeAll(async () => {
  pg = await startPlayground({ port: 0 });
  token = await tokenFor(pg, ORG_A);
});
afterAll(async () => {
  await pg.close();
});

async function relate(body: Record<string, unknown>) {
  const a = await call(pg.url, 'POST', `${BASE.road.submit}/relation`, { token, json: body });
  if (a.status !== 202) return a;
  return pollStatus(pg.url, `${BASE.road.query}/relation/validation-status/${a.body.requestId}`, token);
}

describe('relation API (§7.6)', () => {
  it('links a master to a transport after the fact, gives the relation its own MRN, and DELETE unlinks', async () => {
    const now = pg.clock.now();
    const t = await create(pg, token, 'road', 'transport', transport('road', { now, meansId: 'REL1' }));
    const m = await create(pg, token, 'road', 'master-consignment', master({ now, documentNumber: 'REL-M' }));
    const before = await call(pg.url, 'GET', `${BASE.road.query}/transport/${t}/master-consignment/transport-document/status`, { token });
    expect(before.body).toEqual([]);
    const s = await relate({ representative: ORG_A, parentObjectType: 'TRANSPORT', parentObjectReference: t, childObjectType: 'MASTER_CONSIGNMENT', childObjectReference: m });
    expect(s.body).toMatchObject({ status: 'SUCCESS', mrn: expect.stringMatching(/^\d{2}NO[A-Z0-9]{14}$/) });
    expect(s.body.mrn).not.toBe(t);
    const after = await call(pg.url, 'GET', `${BASE.road.query}/transport/${t}/master-consignment/transport-document/status`, { token });
    expect(after.body).toEqual([expect.objectContaining({ documentNumber: 'REL-M', received: true, mrn: m })]);

    const dup = await relate({ parentObjectType: 'TRANSPORT', parentObjectReference: t, childObjectType: 'MASTER_CONSIGNMENT', childObjectReference: m });
    expect(dup.body.status).toBe('FAILURE');
    expect(dup.body.validationErrorList[0].description).toBe(`The relation already exists with MRN ${s.body.mrn}`);

    const del = await call(pg.url, 'DELETE', `${BASE.road.submit}/relation/${s.body.mrn}`, { token, json: { documentIssueDate: instant(pg.clock.now()) } });
    expect(del.status).toBe(202);
    expect((await pollStatus(pg.url, `${BASE.road.query}/relation/validation-status/${del.body.requestId}`, token)).body.status).toBe('SUCCESS');
    expect((await call(pg.url, 'GET', `${BASE.road.query}/transport/${t}/master-consignment/transport-document/status`, { token })).body).toEqual([]);
  });

  it('refuses unknown MRNs, wrong object types and disallowed pairs', async () => {
    const now = pg.clock.now();
    const h = await create(pg, token, 'road', 'house-consignment', house({ now, documentNumber: 'REL-H' }));
    const unknown = await relate({ parentObjectType: 'TRANSPORT', parentObjectReference: '26NO00000000000000', childObjectType: 'HOUSE_CONSIGNMENT', childObjectReference: h });
    expect(unknown.body.validationErrorList[0]).toEqual({ description: 'No active TRANSPORT with MRN 26NO00000000000000', pointer: { messageElementPath: 'parentObjectReference' } });
    const wrongLevel = await relate({ parentObjectType: 'MASTER_CONSIGNMENT', parentObjectReference: h, childObjectType: 'HOUSE_CONSIGNMENT', childObjectReference: h });
    expect(wrongLevel.body.status).toBe('FAILURE');
    const pair = await relate({ parentObjectType: 'HOUSE_CONSIGNMENT', parentObjectReference: h, childObjectType: 'TRANSPORT', childObjectReference: h });
    expect(pair.body.validationErrorList[0].description).toBe('A relation from HOUSE_CONSIGNMENT to TRANSPORT is not allowed');
    const shape = await call(pg.url, 'POST', `${BASE.road.submit}/relation`, { token, json: { parentObjectType: 'TRUCK', childObjectReference: 'x' } });
    expect(shape.status).toBe(400);
    expect(shape.body.validationErrors).toEqual(
      expect.arrayContaining([
        { field: 'parentObjectType', error: 'Must be one of [TRANSPORT, MASTER_CONSIGNMENT, HOUSE_CONSIGNMENT]' },
        { field: 'childObjectType', error: 'must not be null' },
        { field: 'parentObjectReference', error: 'must not be blank' },
        { field: 'childObjectReference', error: 'size must be between 18 and 18' },
      ]),
    );
  });

  it('a house linked directly to a transport by relation is routed on arrival', async () => {
    const now = pg.clock.now();
    const t = await create(pg, token, 'road', 'transport', transport('road', { now, meansId: 'REL2' }));
    const h = await create(pg, token, 'road', 'house-consignment', house({ now, documentNumber: 'REL-DIRECT' }));
    expect((await relate({ parentObjectType: 'TRANSPORT', parentObjectReference: t, childObjectType: 'HOUSE_CONSIGNMENT', childObjectReference: h })).body.status).toBe('SUCCESS');
    expect(pg.arriveTransport(t).routed.map((r) => r.documentNumber)).toEqual(['REL-DIRECT']);
  });
});

describe('arrival API (§4.4, §7.7) and entry status', () => {
  it('registers the arrival, routes the houses and answers entry status', async () => {
    const now = pg.clock.now();
    const t = await create(pg, token, 'road', 'transport', transport('road', { now, meansId: 'ARR1', masters: [{ documentNumber: 'ARR-M', type: 'N730' }] }));
    await create(pg, token, 'road', 'master-consignment', master({ now, documentNumber: 'ARR-M' }));
    await create(pg, token, 'road', 'house-consignment', house({ now, documentNumber: 'ARR-H', master: { documentNumber: 'ARR-M' } }));
    const body = { documentIssueDate: instant(now), transportMRN: t, timeOfArrival: instant(now), customsOfficeOfArrival: 'NO372001' };
    const a = await call(pg.url, 'POST', '/api/movement/arrival/v1', { token, json: body });
    expect(a.status).toBe(202);
    const s = await pollStatus(pg.url, `/api/movement/arrival/v1/validation-status/${a.body.requestId}`, token);
    expect(s.body).toMatchObject({ status: 'SUCCESS', mrn: t });
    const entry = await call(pg.url, 'GET', `${BASE.road.query}/entry/status/${t}`, { token });
    expect(entry.body).toEqual({ validEntry: true, customsOfficeOfEntry: 'NO372001', timeOfEntry: instant(now), mrn: t });
    const twice = await call(pg.url, 'POST', '/api/movement/arrival/v1/arrival', { token, json: body });
    const s2 = await pollStatus(pg.url, `/api/movement/arrival/v1/validation-status/${twice.body.requestId}`, token);
    expect(s2.body.validationErrorList[0].description).toBe(`Transport with MRN ${t} has already arrived`);
  });

  it('validates the arrival body and refuses unknown transports', async () => {
    const bad = await call(pg.url, 'POST', '/api/movement/arrival/v1', { token, json: { transportMRN: 'x', timeOfArrival: 'now' } });
    expect(bad.status).toBe(400);
    expect(bad.body.validationErrors).toEqual(
      expect.arrayContaining([
        { field: 'transportMRN', error: 'size must be between 18 and 18' },
        { field: 'timeOfArrival', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' },
        { field: 'customsOfficeOfArrival', error: 'must not be blank' },
      ]),
    );
    const unknown = await call(pg.url, 'POST', '/api/movement/arrival/v1', { token, json: { transportMRN: '26NO00000000000000', timeOfArrival: instant(pg.clock.now()), customsOfficeOfArrival: 'NO372001' } });
    const s = await pollStatus(pg.url, `/api/movement/arrival/v1/validation-status/${unknown.body.requestId}`, token);
    expect(s.body.status).toBe('FAILURE');
    const other = await tokenFor(pg, ORG_B);
    expect((await call(pg.url, 'GET', `/api/movement/arrival/v1/validation-status/${unknown.body.requestId}`, { token: other })).status).toBe(404);
  });

  it('the admin arrive endpoint answers 404 for an unknown transport and 409 for a second arrival', async () => {
    expect((await call(pg.url, 'POST', '/_admin/arrive/26NO00000000000000')).status).toBe(404);
    const t = await create(pg, token, 'road', 'transport', transport('road', { now: pg.clock.now(), meansId: 'ARR2' }));
    expect((await call(pg.url, 'POST', `/_admin/arrive/${t}`)).status).toBe(200);
    expect((await call(pg.url, 'POST', `/_admin/arrive/${t}`)).status).toBe(409);
  });
});
