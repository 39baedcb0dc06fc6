import { describe, expect, it } from 'vitest';
import { TRANSPORT_MODES, type NotificationLevel, type TransportMode, type ValidationResult } from '../src/index.js';
import { houseBody, instant, masterBody, MODE_DATA, transportBody } from './support/bodies.js';
import { CARRIER, FAST_WAIT, uniqueNumber, useRig } from './support/playground.js';

const rig = useRig();

async function settle(mode: TransportMode, level: NotificationLevel, requestId: string): Promise<ValidationResult> {
  const [result] = await rig.client.waitForValidation([{ requestId, target: { api: 'notification', mode, level } }], FAST_WAIT);
  return result!;
}

function mrnOf(result: ValidationResult): string {
  if (result.outcome !== 'success') throw new Error(`expected SUCCESS, got ${JSON.stringify(result)}`);
  expect(result.mrn).toMatch(/^\d{2}NO[A-Z0-9]{14}$/);
  return result.mrn!;
}

describe.each(TRANSPORT_MODES)('%s: POST → MRN → PUT → DELETE at every level', (mode) => {
  it('runs the whole life-cycle and the query API sees each step', async () => {
    const now = Date.now();
    const { client } = rig;
    const masterKey = { documentNumber: uniqueNumber('M'), type: MODE_DATA[mode].masterType };
    const houseNumber = uniqueNumber('H');
    const meansId = uniqueNumber('T').slice(0, 12);
    const bodies = {
      transport: transportBody(mode, { now, meansId, carrierId: CARRIER, masters: [masterKey] }),
      'master-consignment': masterBody(mode, { now, documentNumber: masterKey.documentNumber, carrierId: CARRIER }),
      'house-consignment': houseBody(mode, { now, documentNumber: houseNumber, master: masterKey, carrierId: CARRIER }),
    } as const;
    const mrns = {} as Record<NotificationLevel, string>;
    for (const level of ['transport', 'master-consignment', 'house-consignment'] as const) {
      const outcome = await client.submitNotification({ mode, level, body: bodies[level] });
      expect(outcome.status).toBe('accepted');
      if (outcome.status !== 'accepted') return;
      mrns[level] = mrnOf(await settle(mode, level, outcome.requestId));
    }

    // the query API links the three levels
    const tree = await client.getTransportStatusWithDescendants(mode, mrns.transport);
    expect(tree.masterConsignments.map((m) => m.documentNumber)).toEqual([masterKey.documentNumber]);
    expect(tree.masterConsignments[0]!.houseConsignments.map((h) => h.documentNumber)).toEqual([houseNumber]);
    const masters = await client.listDocumentStatuses(mode, { parent: 'transport', mrn: mrns.transport, children: 'master-consignment' });
    expect(masters).toEqual([expect.objectContaining({ documentNumber: masterKey.documentNumber, received: true })]);
    const houseStatus = await client.getHouseConsignmentStatus(mode, mrns['house-consignment']);
    expect(houseStatus).toMatchObject({ documentNumber: houseNumber, type: MODE_DATA[mode].houseType });
    const found = await client.findNotification({ mode, level: 'house-consignment', documentNumber: houseNumber, type: MODE_DATA[mode].houseType, carrierId: CARRIER });
    expect(found).toMatchObject({ level: 'house-consignment', documentNumber: houseNumber, mrn: mrns['house-consignment'] });
    const foundMaster = await client.findNotification({ mode, level: 'master-consignment', ...masterKey, carrierId: CARRIER });
    expect(foundMaster?.houses?.map((h) => h.documentNumber)).toEqual([houseNumber]);

    // PUT keeps the MRN
    const updates = {
      transport: { ...bodies.transport, estimatedDateAndTimeOfArrival: instant(now + 86_400_000 + 3_600_000) },
      'master-consignment': { ...bodies['master-consignment'], consignmentMasterLevel: { ...bodies['master-consignment'].consignmentMasterLevel, grossMass: 1300 } },
      'house-consignment': { ...bodies['house-consignment'], consignmentHouseLevel: { ...bodies['house-consignment'].consignmentHouseLevel, goodsDescription: 'ceramic brake discs' } },
    };
    for (const level of ['transport', 'master-consignment', 'house-consignment'] as const) {
      const { requestId } = await client.updateNotification({ mode, level, mrn: mrns[level], body: updates[level] });
      expect(mrnOf(await settle(mode, level, requestId))).toBe(mrns[level]);
    }
    const master = await client.getMasterStatusWithDescendants(mode, mrns['master-consignment']);
    expect(master.weight).toBe(1300);

    // DELETE, children first
    for (const level of ['house-consignment', 'master-consignment', 'transport'] as const) {
      const { requestId } = await client.deleteNotification({ mode, level, mrn: mrns[level] });
      const result = await settle(mode, level, requestId);
      expect(result.outcome).toBe('success');
    }
    expect(await client.findNotification({ mode, level: 'house-consignment', documentNumber: houseNumber, type: MODE_DATA[mode].houseType, carrierId: CARRIER })).toBeUndefined();
    expect(await client.findNotification({ mode, level: 'master-consignment', ...masterKey, carrierId: CARRIER })).toBeUndefined();
    // A PUT of a cancelled MRN: the documented 202, then a FAILURE (beskrivelse-av-koblings-api-EN.html lists 202/400/401/403/415/500).
    const late = await client.updateNotification({ mode, level: 'house-consignment', mrn: mrns['house-consignment'], body: updates['house-consignment'] });
    expect((await settle(mode, 'house-consignment', late.requestId)).outcome).toBe('failure');
  });
});

describe('synchronous rejections and test-auth', () => {
  it('turns a 400 into VALIDATION_REJECTED with Customs\' field errors; nothing is retried', async () => {
    const body = houseBody('road', { now: Date.now(), documentNumber: uniqueNumber('BAD'), master: { documentNumber: 'X', type: 'N730' }, carrierId: CARRIER });
    (body.consignmentHouseLevel as Record<string, unknown>)['goodsDescription'] = '';
    const error = await rig.client.submitNotification({ mode: 'road', level: 'house-consignment', body }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DIGITOLL_VALIDATION_REJECTED', category: 'bad-data', status: 400 });
    expect((error as { validationErrors: unknown[] }).validationErrors).toContainEqual({ field: 'consignmentHouseLevel.goodsDescription', error: 'must not be blank' });
  });

  it('passes test-auth for every mode', async () => {
    for (const mode of TRANSPORT_MODES) expect(await rig.client.testAuth(mode)).toEqual({ status: 200 });
  });
});
