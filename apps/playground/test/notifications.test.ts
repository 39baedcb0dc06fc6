import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessProcedure } from '@tollkit/procedures';
import { type Playground, startPlayground } from '../src/index.js';
import { BASE, CARRIER_ID, type Mode, VALID_CUDE, house, instant, master, transport } from './support/bodies.js';
import { ORG_A, ORG_B, create, post, status, submit, tokenFor } from './support/flow.js';
import { call } from './support/http.js';

const MRN = /^\d{2}NO[A-Z0-9]{14}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let pg: Playground;
let tokenA: string;
let tokenB: string;
beforeAll(async () => {
  pg = await startPlayground({ port: 0, validationDelayMs: 0 });
  tokenA = await tokenFor(pg, ORG_A);
  tokenB = await tokenFor(pg, ORG_B);
});
afterAll(async () => {
  await pg.close();
});

let seq = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${++seq}`;

describe('notification APIs: POST → 202 → validation-status (§4.1, §5, §8)', () => {
  it.each(['road', 'air', 'rail', 'maritime'] as Mode[])('%s: transport, master and house get SUCCESS with an MRN of the §1.1 format', async (mode) => {
    const now = pg.clock.now();
    const masterDoc = unique('M');
    const accepted = await post(pg, tokenA, mode, 'transport', transport(mode, { now, meansId: unique('T'), masters: [{ documentNumber: masterDoc, type: 'N730' }] }));
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const t = await status(pg, tokenA, mode, 'transport', accepted.body.requestId);
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ status: 'SUCCESS', requestId: accepted.body.requestId, mrn: expect.stringMatching(MRN), notificationDate: expect.stringMatching(INSTANT) });
    const m = await submit(pg, tokenA, mode, 'master-consignment', master({ now, documentNumber: masterDoc }));
    expect(m).toMatchObject({ status: 'SUCCESS', mrn: expect.stringMatching(MRN) });
    const h = await submit(pg, tokenA, mode, 'house-consignment', house({ now, documentNumber: unique('H'), master: { documentNumber: masterDoc } }));
    expect(h).toMatchObject({ status: 'SUCCESS', mrn: expect.stringMatching(MRN), incompleteDocumentationReasonList: [], validationErrorList: [] });
  });

  it('validation-status is 404 until the configured delay has passed', async () => {
    const slow = await startPlayground({ port: 0, validationDelayMs: 400 });
    try {
      const token = await tokenFor(slow, ORG_A);
      const a = await post(slow, token, 'road', 'transport', transport('road', { now: slow.clock.now() }));
      const path = `${BASE.road.query}/transport/validation-status/${a.body.requestId}`;
      const early = await call(slow.url, 'GET', path, { token });
      expect(early.status).toBe(404);
      await new Promise((r) => setTimeout(r, 500));
      const done = await call(slow.url, 'GET', path, { token });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('SUCCESS');
    } finally {
      await slow.close();
    }
  });

  it('another organisation cannot read a request\'s validation status (404), nor an unknown requestId', async () => {
    const a = await post(pg, tokenA, 'road', 'transport', transport('road', { now: pg.clock.now(), meansId: unique('T') }));
    expect((await call(pg.url, 'GET', `${BASE.road.query}/transport/validation-status/${a.body.requestId}`, { token: tokenB })).status).toBe(404);
    expect((await call(pg.url, 'GET', `${BASE.road.query}/transport/validation-status/00000000-0000-4000-8000-000000000000`, { token: tokenA })).status).toBe(404);
  });
});

describe('synchronous validation and HTTP checks', () => {
  it('answers 400 validationErrors with Customs texts for missing and malformed fields; nothing is stored', async () => {
    const body = house({ now: pg.clock.now(), documentNumber: unique('H') });
    body['documentIssueDate'] = '2025-03-01 08:15';
    delete body['consignmentHouseLevel'];
    const a = await post(pg, tokenA, 'road', 'house-consignment', body);
    expect(a.status).toBe(400);
    expect(a.body.validationErrors).toEqual(
      expect.arrayContaining([
        { field: 'documentIssueDate', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' },
        { field: 'consignmentHouseLevel', error: 'must not be null' },
      ]),
    );
  });

  it('415 for a wrong content type, 400 for malformed JSON, 413 above the body limit', async () => {
    const wrongType = await call(pg.url, 'POST', `${BASE.road.submit}/transport`, { token: tokenA, raw: '<xml/>', contentType: 'application/xml' });
    expect(wrongType.status).toBe(415);
    const malformed = await call(pg.url, 'POST', `${BASE.road.submit}/transport`, { token: tokenA, raw: '{"documentIssueDate":', contentType: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.validationErrors[0].field).toBe('body');
    const small = await startPlayground({ port: 0, bodyLimitBytes: 1000 });
    try {
      const t = await tokenFor(small, ORG_A);
      const big = await call(small.url, 'POST', `${BASE.road.submit}/transport`, { token: t, json: { pad: 'x'.repeat(2000) } });
      expect(big.status).toBe(413);
    } finally {
      await small.close();
    }
  });

  it('401 without a token and 403 with a token for another API', async () => {
    const body = transport('road', { now: pg.clock.now() });
    expect((await call(pg.url, 'POST', `${BASE.road.submit}/transport`, { json: body })).status).toBe(401);
    const entryOnly = await pg.issueCustomsToken({ orgNumber: ORG_A, scopes: ['toll:movement/entry'] });
    expect((await call(pg.url, 'POST', `${BASE.road.submit}/transport`, { token: entryOnly, json: body })).status).toBe(403);
    const roadOnly = await pg.issueCustomsToken({ orgNumber: ORG_A, scopes: ['toll:movement/road/v2'] });
    expect((await call(pg.url, 'POST', `${BASE.air.submit}/transport`, { token: roadOnly, json: transport('air', { now: pg.clock.now() }) })).status).toBe(403);
  });
});

describe('asynchronous FAILURE and completeness', () => {
  it('playground reference data: unknown TVINN declaration, NCTS ref containing INVALID, unknown VOEC number fail', async () => {
    const now = pg.clock.now();
    const cude = await submit(pg, tokenA, 'road', 'house-consignment', house({ now, documentNumber: unique('H'), previousDocuments: [{ ...VALID_CUDE, sequenceNumber: '11' }] }));
    expect(cude.status).toBe('FAILURE');
    expect(cude.validationErrorList).toContainEqual({ description: 'Customs declaration is not valid', pointer: { messageElementPath: 'consignmentHouseLevel.previousDocuments[0]' } });

    // A transit import house whose previous document is the NCTS reference `referenceNumber`.
    const transitHouse = (referenceNumber: string) =>
      submit(
        pg,
        tokenA,
        'road',
        'house-consignment',
        house({
          now,
          documentNumber: unique('H'),
          importProcedure: { importProcedure: 'TRANSIT_IMPORT', outgoingProcedure: 'TRA', hasOutgoingProcedure: true },
          previousDocuments: [{ typeOfReference: 'N820', referenceNumber }],
        }),
      );
    const transit = await transitHouse('22FR9876INVALID523');
    expect(transit.status).toBe('FAILURE');
    expect(transit.validationErrorList).toContainEqual({
      description: 'Document with typeOfReference N820 contains a referenceNumber in wrong state',
      pointer: { messageElementPath: 'consignmentHouseLevel.previousDocuments[0].referenceNumber' },
    });

    const voecItem = (vat: string) => ({
      additionalFiscalReferences: { vatIdentificationNumber: vat, role: 'FR5' },
      itemAmountInvoicedVOEC: { value: 400.5, numberOfItems: 11 },
      commodityCodeVOEC: { harmonizedSystemSubheadingCode: '551100' },
    });
    const voecProcedure = { importProcedure: 'IMMEDIATE_RELEASE_VOEC', hasOutgoingProcedure: false };
    const voecBad = await submit(pg, tokenA, 'road', 'house-consignment', house({ now, documentNumber: unique('H'), importProcedure: voecProcedure, previousDocuments: null, goodsItem: [voecItem('589403')] }));
    expect(voecBad.status).toBe('FAILURE');
    expect(voecBad.validationErrorList).toContainEqual({
      description: 'Unknown vatIdentificationNumber',
      pointer: { messageElementPath: 'consignmentHouseLevel.goodsItem[0].additionalFiscalReferences.vatIdentificationNumber' },
    });
    const voecOk = await submit(pg, tokenA, 'road', 'house-consignment', house({ now, documentNumber: unique('H'), importProcedure: voecProcedure, previousDocuments: null, goodsItem: [voecItem('2056550')] }));
    expect(voecOk.status).toBe('SUCCESS');

    const transitOk = await transitHouse('22FR98765273876523');
    expect(transitOk.status).toBe('SUCCESS');
    for (const s of ['1', '10']) {
      const ok = await submit(pg, tokenA, 'road', 'house-consignment', house({ now, documentNumber: unique('H'), previousDocuments: [{ ...VALID_CUDE, sequenceNumber: s }] }));
      expect(ok.status).toBe('SUCCESS');
    }
  });

  it('a FAILURE answers with HTTP 202 (T-async) and keeps nothing', async () => {
    const doc = unique('H');
    const a = await post(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc, previousDocuments: [{ ...VALID_CUDE, declarantNumber: '999999999' }] }));
    const s = await status(pg, tokenA, 'road', 'house-consignment', a.body.requestId);
    expect(s.status).toBe(202);
    expect(s.body.status).toBe('FAILURE');
    // The key is free: the failed house was not stored.
    expect((await submit(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }))).status).toBe('SUCCESS');
  });

  it('a house without its CUDE is valid but INCOMPLETE (procedure rules)', async () => {
    const h = await submit(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: unique('H'), previousDocuments: null }));
    expect(h.status).toBe('SUCCESS');
    expect(h.incompleteDocumentationReasonList).toEqual(['INCOMPLETE_CUDE_DOCUMENTATION']);
  });

  it('the reasons judged with the rules at submission are those of the body as sent (null members, unknown members)', async () => {
    const body = house({ now: pg.clock.now(), documentNumber: unique('H'), previousDocuments: null });
    const chl = body['consignmentHouseLevel'] as Record<string, unknown>;
    Object.assign(chl, { previousDocuments: null, exportFromEU: null, notACustomsMember: { previousDocuments: [VALID_CUDE] } });
    Object.assign(chl['importProcedure'] as Record<string, unknown>, { outgoingProcedure: null });
    const h = await submit(pg, tokenA, 'road', 'house-consignment', body);
    expect(h.status).toBe('SUCCESS');
    expect(h.incompleteDocumentationReasonList).toEqual([...assessProcedure(chl as never, 'road').incompleteReasons]);
    expect(h.incompleteDocumentationReasonList).toEqual(['INCOMPLETE_CUDE_DOCUMENTATION']);
  });
});

describe('"already in use", PUT and DELETE (§2, §5.1, §5.2)', () => {
  it('a second active house with the same documentNumber+type fails; the existing MRN is named to its own organisation only', async () => {
    const doc = unique('H');
    const first = await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    const mine = await submit(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    expect(mine.validationErrorList).toContainEqual({
      description: `transportDocumentHouseLevel with documentNumber ${doc} and type N730 is already in use by MRN ${first}`,
      pointer: { messageElementPath: 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber' },
    });
    const second = await submit(pg, tokenB, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    expect(second.status).toBe('FAILURE');
    expect(second.validationErrorList).toContainEqual({
      description: `transportDocumentHouseLevel with documentNumber ${doc} and type N730 is already in use`,
      pointer: { messageElementPath: 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber' },
    });
    // Same number with another type is another key.
    expect((await submit(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc, type: 'N740' }))).status).toBe('SUCCESS');
  });

  it('masters are keyed by documentNumber+type+carrier; transports by carrier + means + scheduled arrival', async () => {
    const now = pg.clock.now();
    const doc = unique('M');
    const m1 = await create(pg, tokenA, 'road', 'master-consignment', master({ now, documentNumber: doc }));
    const dup = await submit(pg, tokenA, 'road', 'master-consignment', master({ now, documentNumber: doc }));
    expect(dup.validationErrorList[0].description).toBe(`transportDocumentMasterLevel with documentNumber ${doc}, type N730 and carrier ${CARRIER_ID} is already in use by MRN ${m1}`);
    expect((await submit(pg, tokenA, 'road', 'master-consignment', master({ now, documentNumber: doc, carrierId: 'NO111222333' }))).status).toBe('SUCCESS');

    const eta = now + 5 * 3600_000;
    const means = unique('T');
    const t1 = await create(pg, tokenA, 'road', 'transport', transport('road', { now, etaMs: eta, meansId: means }));
    const tdup = await submit(pg, tokenA, 'road', 'transport', transport('road', { now, etaMs: eta, meansId: means }));
    expect(tdup.status).toBe('FAILURE');
    expect(tdup.validationErrorList[0].description).toMatch(new RegExp(`is already in use by MRN ${t1}$`));
    expect((await submit(pg, tokenA, 'road', 'transport', transport('road', { now, etaMs: eta + 3600_000, meansId: means }))).status).toBe('SUCCESS');
  });

  it('PUT keeps the MRN, gives a new requestId, and completes an incomplete house', async () => {
    const doc = unique('H');
    const mrn = await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc, previousDocuments: null }));
    const put = await call(pg.url, 'PUT', `${BASE.road.submit}/house-consignment/${mrn}`, { token: tokenA, json: house({ now: pg.clock.now(), documentNumber: doc }) });
    expect(put.status).toBe(202);
    const s = await status(pg, tokenA, 'road', 'house-consignment', put.body.requestId);
    expect(s.body).toMatchObject({ status: 'SUCCESS', mrn, incompleteDocumentationReasonList: [] });
    const doc2 = await call(pg.url, 'GET', `${BASE.road.query}/house-consignment/${mrn}/transport-document/status`, { token: tokenA });
    expect(doc2.body).toMatchObject({ documentNumber: doc, documentStatus: 'SUCCESS' });
  });

  it('PUT refuses changed keys (FAILURE) and leaves the notification as it was', async () => {
    const doc = unique('H');
    const mrn = await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    const put = await call(pg.url, 'PUT', `${BASE.road.submit}/house-consignment/${mrn}`, { token: tokenA, json: house({ now: pg.clock.now(), documentNumber: `${doc}X` }) });
    const s = await status(pg, tokenA, 'road', 'house-consignment', put.body.requestId);
    expect(s.body.status).toBe('FAILURE');
    expect(s.body.validationErrorList[0].pointer.messageElementPath).toBe('consignmentHouseLevel.transportDocumentHouseLevel.documentNumber');
    expect(s.body.validationErrorList[0].description).toMatch(/^Field cannot be changed on update/);
    const still = await call(pg.url, 'GET', `${BASE.road.query}/house-consignment/${mrn}/transport-document/status`, { token: tokenA });
    expect(still.body.documentNumber).toBe(doc);
  });

  it('PUT/DELETE of an unknown MRN or another organisation\'s: 202, then the same FAILURE (documented codes only; reveals nothing)', async () => {
    const mrn = await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: unique('H') }));
    const put = await call(pg.url, 'PUT', `${BASE.road.submit}/house-consignment/26NO00000000000000`, { token: tokenA, json: house({ now: pg.clock.now(), documentNumber: 'X' }) });
    expect(put.status).toBe(202);
    expect((await status(pg, tokenA, 'road', 'house-consignment', put.body.requestId)).body.validationErrorList).toEqual([
      { description: 'No active house-consignment notification with MRN 26NO00000000000000 for this organisation', pointer: { messageElementPath: 'mrn' } },
    ]);
    const del = await call(pg.url, 'DELETE', `${BASE.road.submit}/house-consignment/${mrn}`, { token: tokenB, json: { documentIssueDate: instant(pg.clock.now()) } });
    expect(del.status).toBe(202);
    expect((await status(pg, tokenB, 'road', 'house-consignment', del.body.requestId)).body.validationErrorList).toEqual([
      { description: `No active house-consignment notification with MRN ${mrn} for this organisation`, pointer: { messageElementPath: 'mrn' } },
    ]);
  });

  it('DELETE cancels (SUCCESS with the MRN); the key is free again; a second DELETE fails', async () => {
    const doc = unique('H');
    const mrn = await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    const del = await call(pg.url, 'DELETE', `${BASE.road.submit}/house-consignment/${mrn}`, { token: tokenA, json: { documentIssueDate: instant(pg.clock.now()) } });
    expect(del.status).toBe(202);
    const s = await status(pg, tokenA, 'road', 'house-consignment', del.body.requestId);
    expect(s.body).toMatchObject({ status: 'SUCCESS', mrn });
    const second = await call(pg.url, 'DELETE', `${BASE.road.submit}/house-consignment/${mrn}`, { token: tokenA, json: { documentIssueDate: instant(pg.clock.now()) } });
    expect(second.status).toBe(202);
    expect((await status(pg, tokenA, 'road', 'house-consignment', second.body.requestId)).body.status).toBe('FAILURE');
    const again = await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    expect(again).not.toBe(mrn);
    const badBody = await call(pg.url, 'DELETE', `${BASE.road.submit}/house-consignment/${again}`, { token: tokenA, json: { documentIssueDate: 'yesterday' } });
    expect(badBody.status).toBe(400);
  });

  it('counts POSTs per (level, documentNumber, type)', async () => {
    const doc = unique('H');
    await post(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    await post(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
    expect(pg.counters.postsFor('house-consignment', doc, 'N730')).toBe(2);
    expect(pg.counters.postsFor('house-consignment', doc, 'N740')).toBe(0);
    expect(pg.counters.requestsTo('POST /api/movement/road/v2/house-consignment')).toBeGreaterThanOrEqual(2);
    const admin = await call(pg.url, 'GET', '/_admin/counters');
    expect(admin.body.posts).toContainEqual({ level: 'house-consignment', documentNumber: doc, type: 'N730', count: 2 });
  });
});
