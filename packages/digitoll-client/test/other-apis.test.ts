import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigitollClient, type ValidationResult, type ValidationTarget } from '../src/index.js';
import { houseBody, instant, masterBody, MODE_DATA, transportBody } from './support/bodies.js';
import { CARRIER, FAST_WAIT, uniqueNumber, useRig } from './support/playground.js';

const rig = useRig();

async function settle(target: ValidationTarget, requestId: string): Promise<ValidationResult> {
  const [result] = await rig.client.waitForValidation([{ requestId, target }], FAST_WAIT);
  return result!;
}

async function notify(level: 'transport' | 'master-consignment' | 'house-consignment', body: unknown): Promise<string> {
  const outcome = await rig.client.submitNotification({ mode: 'road', level, body });
  if (outcome.status !== 'accepted') throw new Error('not accepted');
  const result = await settle({ api: 'notification', mode: 'road', level }, outcome.requestId);
  if (result.outcome !== 'success') throw new Error(`not validated: ${JSON.stringify(result)}`);
  return result.mrn!;
}

describe('presentation', () => {
  it('presents dataset houses and a receptacle, then their routing shows up in the feed', async () => {
    let marker = (await rig.client.getRoutingPage()).marker;
    const { requestId } = await rig.client.present({
      kind: 'house-consignment',
      body: { customsOfficeOfPresentation: 'NO351001', entrySummaryDeclarationMRN: '23NO00000000000003', consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC002', type: 'N740' } } },
    });
    expect(await settle({ api: 'presentation' }, requestId)).toMatchObject({ outcome: 'success' });
    const receptacle = await rig.client.present({ kind: 'receptacle', body: { customsOfficeOfPresentation: 'NO351001', receptacleId: 'GBASFZMLBKONAUN30001001019999' } });
    expect(await settle({ api: 'presentation' }, receptacle.requestId)).toMatchObject({ outcome: 'success' });
    const items = [];
    for await (const page of rig.client.followRouting({ marker })) {
      items.push(...page.items);
      marker = page.marker;
    }
    const byHouse = Object.fromEntries(items.map((i) => [i.transportDocumentHouseLevel?.referenceNumber ?? i.transportDocumentHouseLevel?.documentNumber, i.routingResult.routing]));
    expect(byHouse).toMatchObject({ HC002: 'TO_CONTROL', NO100000001MU: 'TO_CONTROL', NO100000002MU: 'TO_ENTRY' });
  });

  it('a re-used requestId is refused, but after a lost answer the re-send is recognised as the first call', async () => {
    const body = { requestId: randomUUID(), customsOfficeOfPresentation: 'NO351001', consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC001', type: 'N740' } } };
    rig.pg.counters.reset();
    rig.pg.setFaults({ dropRate: 1, dropPhase: 'after', pathPrefix: '/api/movement/presentation/v1/house-consignment', seed: 1 });
    // the first call is processed but its answer is lost; the faults stop before the client tries again
    const client = rig.makeClient({ sleep: async () => rig.pg.setFaults({}) });
    expect(await client.present({ kind: 'house-consignment', body })).toEqual({ requestId: body.requestId });
    expect(rig.pg.counters.requestsTo('POST /api/movement/presentation/v1/house-consignment')).toBe(2);
    expect(await settle({ api: 'presentation' }, body.requestId)).toMatchObject({ outcome: 'success' });
    await expect(rig.client.present({ kind: 'house-consignment', body })).rejects.toMatchObject({ code: 'DIGITOLL_VALIDATION_REJECTED', validationErrors: [expect.objectContaining({ field: 'requestId' })] });
  });
});

describe('relation, arrival and entry status', () => {
  it('links a master to a transport after the fact, then removes the link', async () => {
    const now = Date.now();
    const masterNumber = uniqueNumber('REL');
    const transportMrn = await notify('transport', transportBody('road', { now, meansId: uniqueNumber('RL').slice(0, 10), carrierId: CARRIER, masters: [] }));
    const masterMrn = await notify('master-consignment', masterBody('road', { now, documentNumber: masterNumber, carrierId: CARRIER }));
    const { requestId } = await rig.client.createRelation('road', {
      documentIssueDate: instant(now),
      parentObjectType: 'TRANSPORT',
      parentObjectReference: transportMrn,
      childObjectType: 'MASTER_CONSIGNMENT',
      childObjectReference: masterMrn,
    });
    const created = await settle({ api: 'relation', mode: 'road' }, requestId);
    expect(created.outcome).toBe('success');
    const relationMrn = created.outcome === 'success' ? created.mrn! : '';
    expect(relationMrn).toMatch(/^\d{2}NO[A-Z0-9]{14}$/);
    const tree = await rig.client.getTransportStatusWithDescendants('road', transportMrn);
    expect(tree.masterConsignments.map((m) => m.documentNumber)).toEqual([masterNumber]);
    const removed = await rig.client.deleteRelation('road', relationMrn);
    expect(await settle({ api: 'relation', mode: 'road' }, removed.requestId)).toMatchObject({ outcome: 'success' });
    expect((await rig.client.getTransportStatusWithDescendants('road', transportMrn)).masterConsignments).toEqual([]);
  });

  it('reports an arrival, after which the entry status is available', async () => {
    const now = Date.now();
    const master = { documentNumber: uniqueNumber('AR'), type: MODE_DATA.road.masterType };
    const transportMrn = await notify('transport', transportBody('road', { now, meansId: uniqueNumber('AT').slice(0, 10), carrierId: CARRIER, masters: [master] }));
    await notify('master-consignment', masterBody('road', { now, documentNumber: master.documentNumber, carrierId: CARRIER }));
    await notify('house-consignment', houseBody('road', { now, documentNumber: `${master.documentNumber}-1`, master, carrierId: CARRIER, complete: true }));
    await expect(rig.client.getEntryStatus('road', transportMrn)).rejects.toMatchObject({ code: 'DIGITOLL_NOT_FOUND' });
    const { requestId } = await rig.client.submitArrival({ transportMRN: transportMrn, timeOfArrival: instant(now), customsOfficeOfArrival: 'NO371001' });
    expect(await settle({ api: 'arrival' }, requestId)).toMatchObject({ outcome: 'success' });
    expect(await rig.client.getEntryStatus('road', transportMrn)).toMatchObject({ validEntry: true, mrn: transportMrn, customsOfficeOfEntry: 'NO371001' });
  });
});

describe('tokens and responses', () => {
  it('on a 401 asks for a fresh token once and repeats the call', async () => {
    const asked: { scope: string; force: boolean }[] = [];
    const client = createDigitollClient({
      baseUrl: rig.pg.url,
      getToken: async (scope, o) => {
        asked.push({ scope, force: o?.forceRefresh === true });
        return o?.forceRefresh === true ? rig.tokens.getToken(scope, o) : 'expired-or-revoked';
      },
    });
    expect(await client.testAuth('air')).toEqual({ status: 200 });
    expect(asked).toEqual([{ scope: 'toll:movement/air', force: false }, { scope: 'toll:movement/air', force: true }]);
  });

  it('uses toll:eu/ scopes for a foreign client', () => {
    const client = createDigitollClient({ baseUrl: rig.pg.url, scopeFamily: 'foreign', getToken: async () => 'x' });
    expect([client.scopeFor('road'), client.scopeFor('entry'), client.scopeFor('document')]).toEqual([
      'toll:eu/movement/road/v2',
      'toll:eu/movement/entry',
      'toll:eu/goodsdeclaration/document.write',
    ]);
  });

  it('rejects bad options with messages naming the option', () => {
    expect(() => createDigitollClient({ baseUrl: 'api.toll.no', getToken: async () => 'x' })).toThrow(/baseUrl: baseUrl must be an absolute URL/);
    expect(() => createDigitollClient({ baseUrl: 'https://api.toll.no', maxAttempts: 0, getToken: async () => 'x' })).toThrow(/maxAttempts/);
  });
});

describe('document upload (against the playground)', () => {
  const DOCUMENT_ENDPOINT = 'POST /api/goodsdeclaration/document/v2/declaration-id/:declarationId/document';
  const pdf = Buffer.from('%PDF-1.4\n% invoice\n');

  it('uploads a PDF to a TVINN declaration: 201 with the stored document, which the playground then lists', async () => {
    const scopes: string[] = [];
    const client = rig.makeClient({ getToken: (scope, o) => (scopes.push(scope), rig.tokens.getToken(scope, o)) });
    const result = await client.uploadDocument({ declarationId: '123456789-10082022-1', documentType: 'invoice', fileName: 'invoice.pdf', content: pdf });
    expect(scopes).toEqual(['toll:goodsdeclaration/document.write']);
    expect(result).toEqual({
      status: 201,
      body: {
        documentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        declarationId: '123456789-10082022-1',
        documentType: 'invoice',
        fileName: 'invoice.pdf',
        contentType: 'application/pdf',
        size: pdf.byteLength,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        uploadedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      },
    });
    // the playground's listing (a playground extra) shows what it stored for the demo organisation
    const token = await rig.tokens.getToken('toll:goodsdeclaration/document.write');
    const listed = await fetch(`${rig.pg.url}/api/goodsdeclaration/document/v2/declaration-id/123456789-10082022-1/document`, { headers: { authorization: `Bearer ${token}` } });
    expect(await listed.json()).toEqual([result.body]);
    // the same file again is recognised (200, same document)
    const again = await client.uploadDocument({ declarationId: '123456789-10082022-1', documentType: 'invoice', fileName: 'invoice.pdf', content: pdf });
    expect(again).toEqual({ status: 200, body: result.body });
  });

  it('checks id, extension and size before sending anything', async () => {
    const before = rig.pg.counters.requestsTo(DOCUMENT_ENDPOINT);
    await expect(rig.client.uploadDocument({ declarationId: '12-3', documentType: 'invoice', fileName: 'a.pdf', content: pdf })).rejects.toThrow(/declarationId must look like/);
    await expect(rig.client.uploadDocument({ declarationId: '123456789-10082022-1', documentType: 'invoice', fileName: 'a.exe', content: pdf })).rejects.toThrow(/fileName must end in/);
    await expect(rig.client.uploadDocument({ declarationId: '123456789-10082022-1', documentType: 'invoice', fileName: 'a.pdf', content: new Uint8Array(0) })).rejects.toThrow(/content is empty/);
    expect(rig.pg.counters.requestsTo(DOCUMENT_ENDPOINT)).toBe(before);
  });

  it("surfaces the server's refusals: an unknown declaration is NOT_FOUND, a PDF name on PNG bytes names the file", async () => {
    await expect(rig.client.uploadDocument({ declarationId: '123456789-01092023-1', documentType: 'waybill', fileName: 'cmr.pdf', content: pdf })).rejects.toMatchObject({
      code: 'DIGITOLL_NOT_FOUND',
      status: 404,
    });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await expect(rig.client.uploadDocument({ declarationId: '123456789-10082022-2', documentType: 'waybill', fileName: 'cmr.pdf', content: png })).rejects.toMatchObject({
      code: 'DIGITOLL_VALIDATION_REJECTED',
      validationErrors: [{ field: 'file', error: expect.stringContaining('it is not a PDF') }],
    });
  });
});

/** A loopback server for malformed answers, which the playground never gives. */
describe('against a bare loopback server', () => {
  let server: Server;
  let base: string;
  let answer: { status: number; body: string } = { status: 202, body: '{}' };
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('a 2xx body that fails its schema is RESPONSE_INVALID, not a transport error', async () => {
    answer = { status: 202, body: '{"requestId":42}' };
    const client = createDigitollClient({ baseUrl: base, getToken: async () => 'token' });
    const body = houseBody('road', { now: Date.now(), documentNumber: 'X1', master: { documentNumber: 'M', type: 'N730' }, carrierId: CARRIER });
    const error = await client.submitNotification({ mode: 'road', level: 'house-consignment', body }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DIGITOLL_RESPONSE_INVALID', category: 'bug', issues: [expect.stringMatching(/^requestId: /)] });
    answer = { status: 200, body: '{"status":"SUCCESS","validationErrorList":"none"}' };
    await expect(client.getValidationStatus({ api: 'notification', mode: 'road', level: 'transport' }, randomUUID())).rejects.toMatchObject({ code: 'DIGITOLL_RESPONSE_INVALID' });
  });
});
