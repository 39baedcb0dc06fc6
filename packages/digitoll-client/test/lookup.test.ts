/**
 * The lookup by document number takes documentNumber, type and carrierId (api/mo/beskrivelse-av-sporre-api-EN.html;
 * issue 16 item 5): the client refuses to send one without carrierId, and sends all three.
 */
import { describe, expect, it } from 'vitest';
import { CARRIER, uniqueNumber, useRig } from './support/playground.js';
import { houseBody } from './support/bodies.js';

const rig = useRig();

describe('findNotification (beskrivelse-av-sporre-api-EN.html: documentNumber, type and carrierId)', () => {
  it('refuses a lookup without carrierId before sending anything', async () => {
    rig.pg.counters.reset();
    const input = { mode: 'road', level: 'house-consignment', documentNumber: 'HC-X', type: 'N730' } as unknown as Parameters<typeof rig.client.findNotification>[0];
    await expect(rig.client.findNotification(input)).rejects.toThrow(TypeError);
    await expect(rig.client.findNotification({ ...input, carrierId: ' ' })).rejects.toThrow(/carrierId is required/);
    expect(rig.pg.counters.requestsTo('GET /api/movement/road/status/v2/house-consignment/transport-document/status')).toBe(0);
  });

  it('finds a house with its master\'s carrier id, and not with another one', async () => {
    const documentNumber = uniqueNumber('LK');
    const body = houseBody('road', { now: Date.now(), documentNumber, master: { documentNumber: 'LK-M', type: 'N730' }, carrierId: CARRIER });
    const [done] = await rig.client.submitBatch([{ mode: 'road', level: 'house-consignment', body }], { initialDelayMs: 5, pollIntervalMs: 10, deadlineMs: 10_000 });
    expect(done).toMatchObject({ outcome: 'validated', validation: { outcome: 'success' } });
    expect(await rig.client.findNotification({ mode: 'road', level: 'house-consignment', documentNumber, type: 'N730', carrierId: CARRIER })).toMatchObject({ documentNumber });
    expect(await rig.client.findNotification({ mode: 'road', level: 'house-consignment', documentNumber, type: 'N730', carrierId: 'NO000000000' })).toBeUndefined();
  });
});
