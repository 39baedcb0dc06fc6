import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
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

/** A loopback server for what the playground does not offer (document upload) and for malformed answers. */
describe('against a bare loopback server', () => {
  let server: Server;
  let base: string;
  const received: { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }[] = [];
  let answer: { status: number; body: string } = { status: 202, body: '{}' };
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('uploads a document as multipart with metadata first, then the file', async () => {
    answer = { status: 201, body: '{"documentId":"d-1"}' };
    const scopes: string[] = [];
    const client = createDigitollClient({ baseUrl: base, getToken: async (scope) => (scopes.push(scope), 'token') });
    const pdf = Buffer.from('%PDF-1.4\n% invoice\n');
    const result = await client.uploadDocument({ declarationId: '123456789-10082022-1', documentType: 'invoice', fileName: 'invoice.pdf', content: pdf });
    expect(result).toEqual({ status: 201, body: { documentId: 'd-1' } });
    const req = received.at(-1)!;
    expect(req.url).toBe('/api/goodsdeclaration/document/v2/declaration-id/123456789-10082022-1/document');
    expect(scopes).toEqual(['toll:goodsdeclaration/document.write']);
    const boundary = /boundary=(.+)$/.exec(req.headers['content-type'] ?? '')?.[1];
    expect(boundary).toBeDefined();
    const text = req.body.toString('latin1');
    const metadataAt = text.indexOf('name="metadata"');
    const fileAt = text.indexOf('name="file"; filename="invoice.pdf"');
    expect(metadataAt).toBeGreaterThan(-1);
    expect(fileAt).toBeGreaterThan(metadataAt);
    expect(text).toContain('{"documentType":"invoice"}');
    expect(text).toContain('Content-Type: application/pdf');
    expect(text).toContain('%PDF-1.4\n% invoice\n');
    await expect(client.uploadDocument({ declarationId: '12-3', documentType: 'invoice', fileName: 'a.pdf', content: pdf })).rejects.toThrow(/declarationId must look like/);
    await expect(client.uploadDocument({ declarationId: '123456789-10082022-1', documentType: 'invoice', fileName: 'a.exe', content: pdf })).rejects.toThrow(/fileName must end in/);
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
