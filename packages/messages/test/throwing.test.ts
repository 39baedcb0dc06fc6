import { describe, expect, it } from 'vitest';
import {
  type InvalidNotificationError,
  type InvalidResponseError,
  assertValidNotification,
  findIgnoredFields,
  parseCustomsResponse,
  validateNotification,
  validationStatusSchema,
} from '../src/index.js';
import { loadFixture } from './support/fixtures.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('throwing variants and ignored fields', () => {
  it('assertValidNotification returns the body or throws MESSAGES_INVALID_NOTIFICATION with the field errors', () => {
    const body = loadFixture('master-road');
    expect(assertValidNotification('master-consignment', body, 'road')).toEqual(body);
    (body['consignmentMasterLevel'] as Record<string, unknown>)['grossMass'] = '1200';
    const error = caught(() => assertValidNotification('master-consignment', body, 'road')) as InvalidNotificationError;
    expect(error.code).toBe('MESSAGES_INVALID_NOTIFICATION');
    expect(error.category).toBe('bad-data');
    expect(error.errors).toEqual([{ field: 'consignmentMasterLevel.grossMass', error: 'must be a number' }]);
    expect(error.message).toContain('consignmentMasterLevel.grossMass: must be a number');
  });

  it('parseCustomsResponse throws MESSAGES_INVALID_RESPONSE naming the path', () => {
    expect(parseCustomsResponse(validationStatusSchema, { status: 'SUCCESS', mrn: '22NO4TU2HUD59UCBT8' }, 'validation-status').mrn).toBe(
      '22NO4TU2HUD59UCBT8',
    );
    const error = caught(() => parseCustomsResponse(validationStatusSchema, { status: 42 }, 'validation-status')) as InvalidResponseError;
    expect(error.code).toBe('MESSAGES_INVALID_RESPONSE');
    expect(error.category).toBe('bug');
    expect(error.errors.map((e) => e.field)).toEqual(['status']);
  });

  it('findIgnoredFields lists misspelt and removed members Customs would ignore', () => {
    const body = loadFixture('house-voec-example-6');
    const level = body['consignmentHouseLevel'] as Record<string, unknown>;
    const item = (level['goodsItem'] as Record<string, unknown>[])[0] as Record<string, unknown>;
    // T-ex example 6 spells it with a capital H; and a road-v1 field.
    item['commodityCodeVOEC'] = { harmonizedSystemSubheadingCode: '551100', harmonizedSystemSubHeadingCode: '551100' };
    level['referenceNumberUCR'] = 'UCR-1';
    level['placeOfLoading'] = null;
    const result = validateNotification('house-consignment', body, 'road');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(findIgnoredFields(body, result.value)).toEqual([
      'consignmentHouseLevel.goodsItem[0].commodityCodeVOEC.harmonizedSystemSubHeadingCode',
      'consignmentHouseLevel.referenceNumberUCR',
    ]);
    expect(findIgnoredFields(loadFixture('house-voec-example-6'), loadFixture('house-voec-example-6'))).toEqual([]);
  });
});

describe('checkNotificationRules preconditions', () => {
  it('accepts the raw JSON body (nulls, unknown members) and a clock function', async () => {
    const { checkNotificationRules } = await import('../src/index.js');
    const body = loadFixture('transport-road');
    body['representative'] = null;
    body['somethingNew'] = 1;
    expect(await checkNotificationRules('transport', body, 'road', { now: () => Date.parse('2025-03-01T09:00:00Z') })).toEqual([]);
  });

  it('rejects a body that fails the synchronous checks as API misuse', async () => {
    const { checkNotificationRules } = await import('../src/index.js');
    const body = loadFixture('transport-road');
    delete body['carrier'];
    await expect(checkNotificationRules('transport', body, 'road', { now: 0 })).rejects.toThrow(
      /passes validateNotification \(carrier: must not be null\)/,
    );
    await expect(checkNotificationRules('transport', loadFixture('transport-road'), 'road', { now: Number.NaN })).rejects.toThrow(TypeError);
  });
});
