import { describe, expect, it } from 'vitest';
import {
  buildShipmondoCustoms,
  shipmondoCustomsSchema,
  shipmondoExportReasons,
  shipmondoGoodsErrorMessage,
  validateShipmondoCustoms,
  type CarrierCustomsError,
  type ShipmondoCustomsInvalidError,
  type ShipmondoGoodsField,
} from '../src/index.js';
import { fixture } from './support/fixtures.js';

const noSaleOfGoods = { carrierSupportsSaleOfGoods: false };

function validLine(): Record<string, unknown> {
  return { quantity: 2, country_code: 'NO', content: 'T-shirt', commodity_code: '61091000', unit_value: 30.1, unit_weight: 1000 };
}

function customsWith(...lines: Record<string, unknown>[]): Record<string, unknown> {
  return { currency_code: 'DKK', goods: lines };
}

describe('Shipmondo seed examples (S3)', () => {
  it.each([
    ['simple customs object', fixture('shipmondo-customs-simple.json')],
    ['customs of the full shipment request', fixture('shipmondo-shipment-request.json')['customs']],
    ['customs with every optional property', fixture('shipmondo-customs-extended.json')],
  ])('%s is valid and kept as given', (_name, customs) => {
    const result = validateShipmondoCustoms(customs, noSaleOfGoods);
    expect(result).toMatchObject({ ok: true, errors: [], lineErrors: [], warnings: [] });
    expect(result.ok && result.value).toEqual(customs);
    expect(shipmondoCustomsSchema.safeParse(customs).success).toBe(true);
  });

  it("the page's failing example gives the page's exact error, plus the line detail", () => {
    const result = validateShipmondoCustoms(fixture('shipmondo-customs-invalid-unit-weight.json'), noSaleOfGoods);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      { field: 'goods[].unit_weight', message: 'One or more customs goods are missing or have invalid values in unit weight' },
    ]);
    expect(result.lineErrors).toEqual([
      { line: 0, field: 'unit_weight', path: 'goods[0].unit_weight', value: 0, reason: 'must be greater than 0 (got 0)' },
    ]);
  });
});

describe('Shipmondo goods rules', () => {
  const words: Record<ShipmondoGoodsField, string> = {
    quantity: 'quantity',
    country_code: 'country code',
    content: 'content',
    commodity_code: 'commodity code',
    unit_value: 'unit value',
    unit_weight: 'unit weight',
  };

  // [field, bad value, expected reason]; `undefined` = the field is left out.
  const failing: [ShipmondoGoodsField, unknown, string][] = [
    ['quantity', undefined, 'is missing'],
    ['quantity', null, 'is missing'],
    ['quantity', 0, 'must be greater than 0 (got 0)'],
    ['quantity', -1, 'must be greater than 0 (got -1)'],
    ['quantity', '2', 'must be a number (got "2")'],
    ['country_code', undefined, 'is missing'],
    ['country_code', '', 'is empty'],
    ['country_code', 'XX', 'must be a valid ISO 3166-1 alpha-2 country code (got "XX")'],
    ['country_code', 'no', 'must be a valid ISO 3166-1 alpha-2 country code (got "no")'],
    ['country_code', 'NOR', 'must be a valid ISO 3166-1 alpha-2 country code (got "NOR")'],
    ['country_code', 47, 'must be a string (got 47)'],
    ['content', undefined, 'is missing'],
    ['content', '', 'is empty'],
    ['content', null, 'is missing'],
    ['commodity_code', undefined, 'is missing'],
    ['commodity_code', '', 'is empty'],
    ['commodity_code', '61091', 'must contain only digits and have 6, 8, 10 or 12 of them (got "61091")'],
    ['commodity_code', '6109100', 'must contain only digits and have 6, 8, 10 or 12 of them (got "6109100")'],
    ['commodity_code', '610910001', 'must contain only digits and have 6, 8, 10 or 12 of them (got "610910001")'],
    ['commodity_code', '6109100000123', 'must contain only digits and have 6, 8, 10 or 12 of them (got "6109100000123")'],
    ['commodity_code', '6109.10.00', 'must contain only digits and have 6, 8, 10 or 12 of them (got "6109.10.00")'],
    ['commodity_code', '61091A00', 'must contain only digits and have 6, 8, 10 or 12 of them (got "61091A00")'],
    ['commodity_code', 61091000, 'must be a string of digits (got 61091000)'],
    ['unit_value', undefined, 'is missing'],
    ['unit_value', 0, 'must be greater than 0 (got 0)'],
    ['unit_value', -30.1, 'must be greater than 0 (got -30.1)'],
    ['unit_value', '30.10', 'must be a number (got "30.10")'],
    ['unit_weight', undefined, 'is missing'],
    ['unit_weight', 0, 'must be greater than 0 (got 0)'],
    ['unit_weight', -5, 'must be greater than 0 (got -5)'],
    ['unit_weight', '1000', 'must be a number of grams (got "1000")'],
  ];

  it.each(failing)('%s = %j fails: %s', (field, value, reason) => {
    const line = validLine();
    if (value === undefined) delete line[field];
    else line[field] = value;
    const result = validateShipmondoCustoms(customsWith(validLine(), line), noSaleOfGoods);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([
      {
        field: `goods[].${field}`,
        message: `One or more customs goods are missing or have invalid values in ${words[field]}`,
      },
    ]);
    expect(result.lineErrors).toEqual([{ line: 1, field, path: `goods[1].${field}`, value, reason }]);
  });

  const passing: [ShipmondoGoodsField, unknown][] = [
    ['quantity', 1],
    ['quantity', 0.5],
    ['country_code', 'SE'],
    ['country_code', 'CN'],
    ['content', 'x'],
    ['commodity_code', '610910'],
    ['commodity_code', '61091000'],
    ['commodity_code', '6109100010'],
    ['commodity_code', '610910001099'],
    ['unit_value', 0.01],
    ['unit_weight', 1],
    ['unit_weight', 0.5],
  ];

  it.each(passing)('%s = %j passes', (field, value) => {
    const result = validateShipmondoCustoms(customsWith({ ...validLine(), [field]: value }), noSaleOfGoods);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('reports one message per failing field kind, in documented order, and every line in the detail', () => {
    const result = validateShipmondoCustoms(
      customsWith(
        { ...validLine(), unit_weight: 0, commodity_code: '123' },
        validLine(),
        { ...validLine(), unit_weight: -1, quantity: 0 },
      ),
      noSaleOfGoods,
    );
    expect(result.errors.map((e) => e.message)).toEqual([
      shipmondoGoodsErrorMessage('quantity'),
      shipmondoGoodsErrorMessage('commodity_code'),
      shipmondoGoodsErrorMessage('unit_weight'),
    ]);
    expect(result.lineErrors.map((e) => [e.line, e.field, e.value])).toEqual([
      [0, 'commodity_code', '123'],
      [0, 'unit_weight', 0],
      [2, 'quantity', 0],
      [2, 'unit_weight', -1],
    ]);
  });

  it('treats a goods entry that is not an object as missing every field', () => {
    const result = validateShipmondoCustoms(customsWith(validLine(), 'T-shirt' as unknown as Record<string, unknown>), noSaleOfGoods);
    expect(result.errors).toHaveLength(6);
    expect(result.lineErrors.every((e) => e.line === 1 && e.reason === 'is missing' && e.value === undefined)).toBe(true);
  });

  it('an empty goods object fails all six field kinds', () => {
    const result = validateShipmondoCustoms(customsWith({}), noSaleOfGoods);
    expect(result.errors.map((e) => e.field)).toEqual([
      'goods[].quantity',
      'goods[].country_code',
      'goods[].content',
      'goods[].commodity_code',
      'goods[].unit_value',
      'goods[].unit_weight',
    ]);
  });
});

describe('Shipmondo object-level rules', () => {
  it.each([
    [{ goods: [validLine()] }, 'currency_code', 'currency_code is missing'],
    [{ currency_code: 'XYZ', goods: [validLine()] }, 'currency_code', 'currency_code must be an ISO 4217 currency code (got "XYZ")'],
    [{ currency_code: 'dkk', goods: [validLine()] }, 'currency_code', 'currency_code must be an ISO 4217 currency code (got "dkk")'],
    [{ currency_code: 'DKK' }, 'goods', 'goods is missing'],
    [{ currency_code: 'DKK', goods: [] }, 'goods', 'goods must list at least one goods line'],
    [{ currency_code: 'DKK', goods: validLine() }, 'goods', 'goods must be an array of goods lines (got an object)'],
    [
      { currency_code: 'DKK', goods: [validLine()], export_reason: 'bribe' },
      'export_reason',
      'export_reason must be one of gift, documents, commercial_samples, returned_goods, other, sale_of_goods (got "bribe")',
    ],
    [
      { currency_code: 'DKK', goods: [validLine()], billed_to_country: 'Norway' },
      'billed_to_country',
      'billed_to_country must be a valid ISO 3166-1 alpha-2 country code (got "Norway")',
    ],
    [{ currency_code: 'DKK', goods: [validLine()], term_of_trade: 5 }, 'term_of_trade', 'term_of_trade must be a string (got 5)'],
  ])('%j → %s', (customs, field, message) => {
    const result = validateShipmondoCustoms(customs, noSaleOfGoods);
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([{ field, message }]);
  });

  it('rejects a customs value that is not an object', () => {
    expect(validateShipmondoCustoms(null, noSaleOfGoods).errors).toEqual([
      { field: '(root)', message: 'customs must be an object' },
    ]);
  });

  it('accepts an empty billed_to_address2 and billed_to_country (as in the seed)', () => {
    const result = validateShipmondoCustoms(
      { ...customsWith(validLine()), billed_to_address2: '', billed_to_country: '' },
      noSaleOfGoods,
    );
    expect(result.ok).toBe(true);
  });

  it.each(shipmondoExportReasons.filter((r) => r !== 'sale_of_goods'))('export_reason %s is kept', (reason) => {
    const result = validateShipmondoCustoms({ ...customsWith(validLine()), export_reason: reason }, noSaleOfGoods);
    expect(result.ok && result.value.export_reason).toBe(reason);
    expect(result.warnings).toEqual([]);
  });

  it('keeps sale_of_goods for a carrier that supports it', () => {
    const result = validateShipmondoCustoms(
      { ...customsWith(validLine()), export_reason: 'sale_of_goods' },
      { carrierSupportsSaleOfGoods: true },
    );
    expect(result.ok && result.value.export_reason).toBe('sale_of_goods');
    expect(result.warnings).toEqual([]);
  });

  it('sends sale_of_goods as other for a carrier that does not support it, with a warning', () => {
    const result = validateShipmondoCustoms({ ...customsWith(validLine()), export_reason: 'sale_of_goods' }, noSaleOfGoods);
    expect(result.ok && result.value.export_reason).toBe('other');
    expect(result.warnings).toEqual([
      { field: 'export_reason', message: 'export_reason sale_of_goods is not available for this carrier; it is sent as other' },
    ]);
  });

  it('drops unknown keys', () => {
    const result = validateShipmondoCustoms({ ...customsWith({ ...validLine(), colour: 'red' }), foo: 1 }, noSaleOfGoods);
    expect(result.ok && result.value).toEqual(customsWith(validLine()));
  });

  it('requires the carrier option (API misuse is a TypeError)', () => {
    expect(() => validateShipmondoCustoms(customsWith(validLine()), {} as never)).toThrow(TypeError);
  });
});

describe('buildShipmondoCustoms', () => {
  it('maps the domain input: kg → grams per unit, line value → unit value, codes normalised', () => {
    const customs = buildShipmondoCustoms({
      currencyCode: 'dkk',
      goods: [
        { quantity: 2, countryOfOrigin: 'no', descriptionOfGoods: ' T-shirt ', commodityCode: '6109.10 00', unitValue: 30.1, grossMassKg: 2 },
        { quantity: 3, countryOfOrigin: 'SE', descriptionOfGoods: 'Socks', commodityCode: '611595', lineValue: 100, unitWeightGrams: 80 },
        { quantity: 3, countryOfOrigin: 'SE', descriptionOfGoods: 'Pins', commodityCode: '731910', lineValue: 1, grossMassKg: 0.001 },
      ],
      exportReason: 'gift',
      termsOfTrade: 'DAP',
      contents: 'Textile clothes',
      billedTo: { name: 'Virksomhed AS', country: 'no', vatId: '976 390 512' },
    });
    expect(customs).toEqual({
      currency_code: 'DKK',
      goods: [
        { quantity: 2, country_code: 'NO', content: 'T-shirt', commodity_code: '61091000', unit_value: 30.1, unit_weight: 1000 },
        { quantity: 3, country_code: 'SE', content: 'Socks', commodity_code: '611595', unit_value: 33.33, unit_weight: 80 },
        { quantity: 3, country_code: 'SE', content: 'Pins', commodity_code: '731910', unit_value: 0.33, unit_weight: 1 },
      ],
      export_reason: 'gift',
      term_of_trade: 'DAP',
      contents: 'Textile clothes',
      billed_to_name: 'Virksomhed AS',
      billed_to_country: 'NO',
      billed_to_vat_id: '976 390 512',
    });
  });

  it('turns sale_of_goods into other unless the carrier supports it', () => {
    const input = {
      currencyCode: 'NOK',
      exportReason: 'sale_of_goods' as const,
      goods: [{ quantity: 1, countryOfOrigin: 'NO', descriptionOfGoods: 'Book', commodityCode: '490199', unitValue: 100, unitWeightGrams: 500 }],
    };
    expect(buildShipmondoCustoms(input).export_reason).toBe('other');
    expect(buildShipmondoCustoms({ ...input, carrierSupportsSaleOfGoods: true }).export_reason).toBe('sale_of_goods');
  });

  it('throws SHIPMONDO_CUSTOMS_INVALID with Shipmondo messages and line details', () => {
    let caught: unknown;
    try {
      buildShipmondoCustoms({
        currencyCode: 'NOK',
        goods: [
          { quantity: 1, countryOfOrigin: 'EU', descriptionOfGoods: 'Book', commodityCode: '4901', unitValue: 100, unitWeightGrams: 500 },
        ],
      });
    } catch (error) {
      caught = error;
    }
    const error = caught as ShipmondoCustomsInvalidError & CarrierCustomsError;
    expect(error.code).toBe('SHIPMONDO_CUSTOMS_INVALID');
    expect(error.category).toBe('bad-data');
    expect(error.errors.map((e) => e.message)).toEqual([
      'One or more customs goods are missing or have invalid values in country code',
      'One or more customs goods are missing or have invalid values in commodity code',
    ]);
    expect(error.lineErrors.map((e) => [e.path, e.value])).toEqual([
      ['goods[0].country_code', 'EU'],
      ['goods[0].commodity_code', '4901'],
    ]);
  });

  it('a zero quantity fails validation instead of dividing by zero', () => {
    expect(() =>
      buildShipmondoCustoms({
        currencyCode: 'NOK',
        goods: [{ quantity: 0, countryOfOrigin: 'NO', descriptionOfGoods: 'Book', commodityCode: '490199', lineValue: 10, grossMassKg: 1 }],
      }),
    ).toThrow(/in quantity.*in unit value.*in unit weight/);
  });

  it.each([
    [{ unitValue: 1, lineValue: 2, unitWeightGrams: 1 }, /exactly one of unitValue and lineValue/],
    [{ unitWeightGrams: 1 }, /exactly one of unitValue and lineValue/],
    [{ unitValue: 1 }, /exactly one of unitWeightGrams and grossMassKg/],
    [{ unitValue: 1, unitWeightGrams: 1, grossMassKg: 1 }, /exactly one of unitWeightGrams and grossMassKg/],
  ])('misuse %j is a TypeError', (amounts, message) => {
    expect(() =>
      buildShipmondoCustoms({
        currencyCode: 'NOK',
        goods: [{ quantity: 1, countryOfOrigin: 'NO', descriptionOfGoods: 'Book', commodityCode: '490199', ...amounts }],
      }),
    ).toThrow(message);
  });
});
