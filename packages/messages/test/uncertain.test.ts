import { describe, expect, it } from 'vitest';
import {
  DIRECT_CONSIGNMENT_CARRIER_OBJECT,
  checkNotificationRules,
  normaliseRoutingNesting,
  validateNotification,
} from '../src/index.js';
import { loadFixture } from './support/fixtures.js';

const now = Date.parse('2025-03-01T09:00:00Z');

describe('uncertain structures (§17) as chosen in src/uncertain.ts', () => {
  it('direct consignments: the transport lists house keys under consignmentMasterLevel[] (H-v1v2 reading)', async () => {
    const body = loadFixture('transport-road');
    body['consignmentMasterLevel'] = [
      {
        transportDocumentMasterLevel: { documentNumber: 'HUH34UI5HU34I', type: 'N730' },
        consignmentHouseLevel: [{ transportDocumentHouseLevel: { documentNumber: '423JI4J53IJ534I', type: 'N730' } }],
      },
    ];
    const result = validateNotification('transport', body, 'road');
    expect(result).toEqual({ ok: true, value: body });
    if (!result.ok) return;
    const entry = result.value.consignmentMasterLevel?.[0];
    const house = entry?.consignmentHouseLevel?.[0];
    if (house === undefined) throw new Error('direct house key kept');
    house.transportDocumentHouseLevel.type = 'N999';
    const errors = await checkNotificationRules('transport', result.value, 'road', { now });
    expect(errors.map((e) => e.pointer.messageElementPath)).toEqual([
      'consignmentMasterLevel[0].consignmentHouseLevel[0].transportDocumentHouseLevel.type',
    ]);
  });

  it('direct consignments: the house carries directConsignment and the carrier id object', () => {
    const body = loadFixture('house-road-example-1');
    const level = body['consignmentHouseLevel'] as Record<string, unknown>;
    delete level['consignmentMasterLevel'];
    level['directConsignment'] = true;
    level[DIRECT_CONSIGNMENT_CARRIER_OBJECT] = { carrierIdentificationNumber: 'NO987654321' };
    expect(validateNotification('house-consignment', body, 'road')).toEqual({ ok: true, value: body });
    level[DIRECT_CONSIGNMENT_CARRIER_OBJECT] = { carrierIdentificationNumber: '' };
    level['directConsignment'] = 'yes';
    expect(validateNotification('house-consignment', body, 'road')).toEqual({
      ok: false,
      errors: [
        { field: 'consignmentHouseLevel.directConsignment', error: 'must be a boolean' },
        { field: `consignmentHouseLevel.${DIRECT_CONSIGNMENT_CARRIER_OBJECT}.carrierIdentificationNumber`, error: 'must not be blank' },
      ],
    });
  });

  it('routing nesting: root fields move under routingResult without touching the input', () => {
    const input = { routing: 'TO_CONTROL', routingControlLocation: 'AFTER_ENTRY', routingResult: { id: 'm1' } };
    expect(normaliseRoutingNesting(input)).toEqual({
      routingResult: { id: 'm1', routing: 'TO_CONTROL', routingControlLocation: 'AFTER_ENTRY' },
    });
    expect(input).toEqual({ routing: 'TO_CONTROL', routingControlLocation: 'AFTER_ENTRY', routingResult: { id: 'm1' } });
  });
});
