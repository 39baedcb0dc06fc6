import { describe, expect, it } from 'vitest';
import { houseBody, masterBody, MODE_DATA, transportBody } from './support/bodies.js';
import { CARRIER, FAST_WAIT, uniqueNumber, useRig } from './support/playground.js';

const rig = useRig();

describe('batch submission', () => {
  it('submits and validates 1,000 house consignments in one batch, one POST each, one token', async () => {
    const now = Date.now();
    rig.pg.counters.reset();
    const master = { documentNumber: uniqueNumber('BM'), type: MODE_DATA.road.masterType };
    const numbers = Array.from({ length: 1000 }, (_, i) => `${master.documentNumber}-${String(i).padStart(4, '0')}`);
    const started = performance.now();
    const results = await rig.client.submitBatch(
      numbers.map((documentNumber) => ({ mode: 'road' as const, level: 'house-consignment' as const, body: houseBody('road', { now, documentNumber, master, carrierId: CARRIER }) })),
      { ...FAST_WAIT, submitConcurrency: 16 },
    );
    const seconds = (performance.now() - started) / 1000;
    expect(results).toHaveLength(1000);
    const mrns = results.map((r) => (r.outcome === 'validated' && r.validation.outcome === 'success' ? r.validation.mrn : `not ok: ${JSON.stringify(r)}`));
    expect(mrns.filter((m) => !/^\d{2}NO[A-Z0-9]{14}$/.test(m ?? ''))).toEqual([]);
    expect(new Set(mrns).size).toBe(1000);
    expect(results.map((r) => r.key?.documentNumber)).toEqual(numbers);
    for (const documentNumber of numbers) expect(rig.pg.counters.postsFor('house-consignment', documentNumber, 'N730')).toBe(1);
    expect(rig.pg.counters.requestsTo('POST /api/movement/road/v2/house-consignment')).toBe(1000);
    expect(rig.pg.counters.requestsTo('POST /maskinporten/token')).toBe(1);
    console.info(`1,000 houses submitted and validated in ${seconds.toFixed(1)} s`);
  });

  it('turns an "already in use" FAILURE into a result that names the existing MRN and the key to look up', async () => {
    const now = Date.now();
    const master = { documentNumber: uniqueNumber('AM'), type: 'N730' };
    const documentNumber = uniqueNumber('DUP');
    const body = houseBody('road', { now, documentNumber, master, carrierId: CARRIER });
    const [first] = await rig.client.submitBatch([{ mode: 'road', level: 'house-consignment', body }], FAST_WAIT);
    const firstMrn = first?.outcome === 'validated' && first.validation.outcome === 'success' ? first.validation.mrn : undefined;
    expect(firstMrn).toBeDefined();
    const [second] = await rig.client.submitBatch([{ mode: 'road', level: 'house-consignment', body }], FAST_WAIT);
    expect(second).toMatchObject({ outcome: 'validated', validation: { outcome: 'already-in-use' } });
    if (second?.outcome !== 'validated' || second.validation.outcome !== 'already-in-use') return;
    const { conflict } = second.validation;
    expect(conflict.existingMrn).toBe(firstMrn);
    expect(conflict.key).toEqual({ level: 'house-consignment', documentNumber, type: 'N730', carrierId: CARRIER });
    const key = conflict.key!;
    const existing = await rig.client.findNotification({ mode: 'road', level: 'house-consignment', documentNumber: key.documentNumber, type: key.type, carrierId: key.carrierId ?? CARRIER });
    expect(existing?.documentNumber).toBe(documentNumber);

    // the transport level too: same means, carrier and scheduled arrival
    const transport = transportBody('road', { now, meansId: uniqueNumber('TR').slice(0, 10), carrierId: CARRIER, masters: [master] });
    const [t1, t2] = await rig.client.submitBatch(
      [
        { mode: 'road', level: 'transport', body: transport },
        { mode: 'road', level: 'transport', body: transport },
      ],
      FAST_WAIT,
    );
    const outcomes = [t1, t2].map((t) => (t?.outcome === 'validated' ? t.validation.outcome : t?.outcome));
    expect(outcomes.sort()).toEqual(['already-in-use', 'success']);
  });

  it('keeps one result per item when some are rejected synchronously', async () => {
    const now = Date.now();
    const master = { documentNumber: uniqueNumber('RM'), type: 'N730' };
    const good = houseBody('road', { now, documentNumber: uniqueNumber('OK'), master, carrierId: CARRIER });
    const bad = houseBody('road', { now, documentNumber: uniqueNumber('KO'), master, carrierId: CARRIER });
    (bad.consignmentHouseLevel as Record<string, unknown>)['totalGrossMass'] = 'heavy';
    const results = await rig.client.submitBatch(
      [
        { mode: 'road', level: 'house-consignment', body: good },
        { mode: 'road', level: 'house-consignment', body: bad },
      ],
      FAST_WAIT,
    );
    expect(results[0]).toMatchObject({ outcome: 'validated', validation: { outcome: 'success' } });
    expect(results[1]).toMatchObject({ outcome: 'not-submitted', error: { code: 'DIGITOLL_VALIDATION_REJECTED' } });
  });
});
