/**
 * The simulated registers (issue 16, "not simulated at all"), each backed by a CSV under data/reference/:
 * the vehicle register (B8), AES/EIDR exports (A4/A5), TVINN declaration states (B9/B10), the arrival API's
 * authorisation, and the transport-level routing feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { buildReferenceData } from '../src/lib/reference-data.js';
import { VALID_CUDE, house, instant, transport } from './support/bodies.js';
import { ORG_A, ORG_B, arrivedHouse, create, submit, tokenFor } from './support/flow.js';
import { call, pollStatus } from './support/http.js';

let pg: Playground;
let a: string;
let b: string;
let n = 0;
const unique = (p: string): string => `${p}${Date.now().toString(36).toUpperCase()}${(n++).toString(36).toUpperCase()}`;

beforeAll(async () => {
  pg = await startPlayground({ port: 0, vehicleRegister: true });
  a = await tokenFor(pg, ORG_A);
  b = await tokenFor(pg, ORG_B);
});
afterAll(async () => {
  await pg.close();
});

const B8 = 'Could not find identificationNumber in Norwegian Public Roads Administration’s register of motor vehicles';

function norwegian(plate: string): Record<string, unknown> {
  const t = transport('road', { now: pg.clock.now(), etaMs: pg.clock.now() + 3600_000 * (1 + (n++ % 500)) });
  Object.assign(t['activeBorderTransportMeans'] as Record<string, unknown>, { identificationNumber: plate, countryCode: 'NO' });
  return t;
}

describe('vehicle register (B8, api/mo/mo-valideringsfeil-EN.html; data/reference/vehicle-register.csv)', () => {
  it('a road transport with countryCode NO and an unregistered plate fails B8; a registered one (spaces ignored) passes', async () => {
    const unknown = await submit(pg, a, 'road', 'transport', norwegian('ZZ99999'));
    expect(unknown.validationErrorList).toEqual([{ description: B8, pointer: { messageElementPath: 'activeBorderTransportMeans.identificationNumber' } }]);
    expect((await submit(pg, a, 'road', 'transport', norwegian('EL 12345'))).status).toBe('SUCCESS');
  });
  it('a foreign plate is not looked up; and the register is off unless asked for', async () => {
    const foreign = transport('road', { now: pg.clock.now(), meansId: 'ZZ99998' });
    expect((await submit(pg, a, 'road', 'transport', foreign)).status).toBe('SUCCESS');
    const plain = await startPlayground({ port: 0 });
    try {
      const t = norwegian('ZZ99997');
      expect((await submit(plain, await tokenFor(plain, ORG_A), 'road', 'transport', t)).status).toBe('SUCCESS');
    } finally {
      await plain.close();
    }
  });
});

function exporting(typeOfExport: string, exportId: string): Record<string, unknown> {
  const h = house({
    now: pg.clock.now(),
    documentNumber: unique('EX'),
    master: { documentNumber: 'EX-M' },
    importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
  });
  (h['consignmentHouseLevel'] as Record<string, unknown>)['exportFromEU'] = [{ typeOfExport, exportId }];
  return h;
}

describe('AES/EIDR exports (A4/A5, api/mo/asynkrone-valideringsfeil-EN.html; data/reference/export-declarations.csv)', () => {
  it('a released export passes; unknown, not released and exited ones fail with A4/A5 (road only)', async () => {
    expect((await submit(pg, a, 'road', 'house-consignment', exporting('AES_EXPORT', '30SE0123456789ABCD'))).status).toBe('SUCCESS');
    const path = 'consignmentHouseLevel.exportFromEU[0].exportId';
    const aes = { description: 'Export of type AES_EXPORT is not found or has wrong status in AES.', pointer: { messageElementPath: path } };
    const eidr = { description: 'Export of type EIDR_EXPORT is not found or has wrong status in AES.', pointer: { messageElementPath: path } };
    expect((await submit(pg, a, 'road', 'house-consignment', exporting('AES_EXPORT', '30SE0123456789ABCF'))).validationErrorList).toEqual([aes]);
    expect((await submit(pg, a, 'road', 'house-consignment', exporting('AES_EXPORT', '30SE0123456789ZZZZ'))).validationErrorList).toEqual([aes]);
    expect((await submit(pg, a, 'road', 'house-consignment', exporting('EIDR_EXPORT', '24SE0123456789AAEE'))).validationErrorList).toEqual([eidr]);
    expect((await submit(pg, a, 'road', 'house-consignment', exporting('EIDR_EXPORT', '24SE0123456789AAED'))).status).toBe('SUCCESS');
  });
});

describe('TVINN declaration states (B9/B10, api/mo/mo-valideringsfeil-EN.html; data/reference/tvinn-declarations.csv)', () => {
  it('an OPEN declaration passes, a COMPLETED or CANCELLED one fails B10, an unknown one B9', async () => {
    const withCude = (sequenceNumber: string) =>
      house({ now: pg.clock.now(), documentNumber: unique('TV'), master: { documentNumber: 'TV-M' }, previousDocuments: [{ ...VALID_CUDE, sequenceNumber }] });
    const at = (description: string) => [{ description, pointer: { messageElementPath: 'consignmentHouseLevel.previousDocuments[0]' } }];
    expect((await submit(pg, a, 'road', 'house-consignment', withCude('10'))).status).toBe('SUCCESS');
    expect((await submit(pg, a, 'road', 'house-consignment', withCude('90'))).validationErrorList).toEqual(at('Customs declaration is in wrong state'));
    expect((await submit(pg, a, 'road', 'house-consignment', withCude('91'))).validationErrorList).toEqual(at('Customs declaration is in wrong state'));
    expect((await submit(pg, a, 'road', 'house-consignment', withCude('11'))).validationErrorList).toEqual(at('Customs declaration is not valid'));
  });
});

describe('arrival API authorisation (api/mo/beskrivelse-av-ankomst-api-EN.html; data/reference/arrival-authorisations.csv)', () => {
  it('an organisation without Customs\' authorisation gets 403; an authorised one reports only its own transports', async () => {
    const t = await create(pg, a, 'road', 'transport', transport('road', { now: pg.clock.now(), meansId: unique('AR').slice(0, 12) }));
    const body = { transportMRN: t, timeOfArrival: instant(pg.clock.now()), customsOfficeOfArrival: 'NO371001' };
    const refused = await call(pg.url, 'POST', '/api/movement/arrival/v1', { token: b, json: body });
    expect(refused.status).toBe(403);
    expect(refused.body.error_description).toMatch(/no authorisation from Norwegian Customs to use the arrival API/);
    // ORG_A is authorised (the demo organisation), but not for ORG_B's transport: the answer an unknown MRN gets.
    const other = await create(pg, b, 'road', 'transport', transport('road', { now: pg.clock.now(), meansId: unique('AB').slice(0, 12) }));
    const foreign = await call(pg.url, 'POST', '/api/movement/arrival/v1', { token: a, json: { ...body, transportMRN: other } });
    expect(foreign.status).toBe(202);
    const s = await pollStatus(pg.url, `/api/movement/arrival/v1/validation-status/${foreign.body.requestId}`, a);
    expect(s.body.validationErrorList).toEqual([{ description: `No active transport with MRN ${other}`, pointer: { messageElementPath: 'transportMRN' } }]);
    const own = await call(pg.url, 'POST', '/api/movement/arrival/v1', { token: a, json: body });
    expect((await pollStatus(pg.url, `/api/movement/arrival/v1/validation-status/${own.body.requestId}`, a)).body.status).toBe('SUCCESS');
  });
});

describe('transport-level routing feed (GET /api/movement/routing/v1/transport)', () => {
  it('gives the transport\'s party the routing of every house on its transports; an organisation without the service gets 403', async () => {
    const { houseNumber: h } = await arrivedHouse(pg, a, b, unique);
    const feed = async (token: string, kind: string) => (await call(pg.url, 'GET', `/api/movement/routing/v1/${kind}`, { token })).body as any[];
    const onA = (await feed(a, 'transport')).filter((i) => i.transportDocumentHouseLevel.referenceNumber === h);
    expect(onA.map((i) => i.routingResult.routing)).toEqual(['TO_ENTRY']);
    // b submitted the house (it reads it on the house feed) but is not entitled to the transport-level service.
    const refused = await call(pg.url, 'GET', '/api/movement/routing/v1/transport', { token: b });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('insufficient_scope');
    expect((await feed(b, 'house-consignment')).filter((i) => i.transportDocumentHouseLevel.referenceNumber === h)).toHaveLength(1);
    // The marker works as on the house feed.
    expect((await call(pg.url, 'GET', `/api/movement/routing/v1/transport?marker=${onA[0].routingResult.id}`, { token: a })).status).toBe(200);
    expect((await call(pg.url, 'GET', '/api/movement/routing/v1/transport?marker=00000000-0000-4000-8000-000000000000', { token: a })).status).toBe(400);
  });
});

describe('reference data files', () => {
  it('refuse a wrong header or an unknown state, naming the file and line', () => {
    const ok = { vehicles: 'identification_number,note\nAB12345,x\n', exports: 'export_id,type_of_export,state,note\n', declarations: 'declarant_number,declaration_date,sequence_number,state,note\n', arrival: 'organisation_number,note\n', transportRouting: 'organisation_number,note\n' };
    expect(buildReferenceData(ok).vehicles.has('AB12345')).toBe(true);
    expect(() => buildReferenceData({ ...ok, vehicles: 'plate\nAB1\n' })).toThrow(/vehicle-register.csv: the header must be identification_number,note/);
    expect(() => buildReferenceData({ ...ok, transportRouting: 'org\n' })).toThrow(/transport-routing-entitlements.csv: the header must be organisation_number,note/);
    expect(() => buildReferenceData({ ...ok, exports: 'export_id,type_of_export,state,note\nX,AES_EXPORT,GONE,\n' })).toThrow(/export-declarations.csv line 2: unknown state GONE/);
  });
});
