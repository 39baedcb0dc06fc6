import { assessProcedure } from '@tollkit/procedures';
import { describe, expect, it } from 'vitest';
import { type TransportMode, checkNotificationRules, validateNotification } from '../src/index.js';
import { type FixtureName, loadFixture } from './support/fixtures.js';

// A moment before every example's arrival time (2025-03-01T14:00:00Z).
const now = Date.parse('2025-03-01T09:00:00Z');

const cases: { fixture: FixtureName; level: 'transport' | 'master-consignment' | 'house-consignment'; modes: TransportMode[]; variant?: number }[] = [
  { fixture: 'transport-road', level: 'transport', modes: ['road'] },
  { fixture: 'transport-air', level: 'transport', modes: ['air'] },
  { fixture: 'transport-rail', level: 'transport', modes: ['rail'] },
  { fixture: 'transport-maritime', level: 'transport', modes: ['maritime'] },
  // T-ex example 1: IMMEDIATE_RELEASE_IMPORT + EXP is road-only (V2).
  { fixture: 'house-road-example-1', level: 'house-consignment', modes: ['road'], variant: 2 },
  // T-ex example 7: postal collective clearance, V15 in every mode.
  { fixture: 'house-postal-example-7', level: 'house-consignment', modes: ['road', 'air', 'rail', 'maritime'], variant: 15 },
  // T-ex example 6: VOEC, V7 in every mode.
  { fixture: 'house-voec-example-6', level: 'house-consignment', modes: ['road', 'air', 'rail', 'maritime'], variant: 7 },
  { fixture: 'master-road', level: 'master-consignment', modes: ['road', 'air', 'rail', 'maritime'] },
];

describe('the example messages of docs/digitoll.md §7', () => {
  for (const c of cases) {
    for (const mode of c.modes) {
      it(`${c.fixture} passes the synchronous and asynchronous checks for ${mode}`, async () => {
        const body = loadFixture(c.fixture);
        const result = validateNotification(c.level, body, mode);
        expect(result).toEqual({ ok: true, value: body });
        if (!result.ok) return;
        expect(await checkNotificationRules(c.level, result.value, mode, { now })).toEqual([]);
      });
    }
    if (c.variant !== undefined) {
      it(`${c.fixture} is procedure variant ${c.variant} with nothing missing`, () => {
        const body = loadFixture(c.fixture) as { consignmentHouseLevel: Parameters<typeof assessProcedure>[0] };
        const assessment = assessProcedure(body.consignmentHouseLevel, c.modes[0] ?? 'road');
        expect(assessment.variant).toBe(c.variant);
        expect(assessment.incompleteReasons).toEqual([]);
      });
    }
  }

  it('the road transport is refused synchronously by the air API (flight number required)', async () => {
    const body = loadFixture('transport-road');
    expect(validateNotification('transport', body, 'air')).toEqual({
      ok: false,
      errors: [{ field: 'activeBorderTransportMeans.conveyanceReferenceNumber', error: 'must not be blank' }],
    });
  });

  it('the air transport on the rail API: wrong mode, wrong identification type, forbidden conveyance reference', async () => {
    const checked = validateNotification('transport', loadFixture('transport-air'), 'rail');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const body = checked.value;
    body.activeBorderTransportMeans.modeOfTransportCode = '2';
    expect(await checkNotificationRules('transport', body, 'rail', { now })).toEqual([
      {
        description: 'transport.activeBorderTransportMeans.modeOfTransportCode is 2, then this field should have value 21',
        pointer: { messageElementPath: 'activeBorderTransportMeans.typeOfIdentification' },
      },
      {
        description: 'transport.activeBorderTransportMeans.modeOfTransportCode is 2, then this field should not be provided',
        pointer: { messageElementPath: 'activeBorderTransportMeans.conveyanceReferenceNumber' },
      },
    ]);
    body.activeBorderTransportMeans.modeOfTransportCode = '4';
    expect(await checkNotificationRules('transport', body, 'rail', { now })).toEqual([
      {
        description: 'Invalid code. Expected codes are one of [2]',
        pointer: { messageElementPath: 'activeBorderTransportMeans.modeOfTransportCode' },
      },
    ]);
  });
});
