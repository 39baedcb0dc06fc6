import { describe, expect, it } from 'vitest';
import {
  bringDeclarationRequestSchema,
  bringDeclarationResponseSchema,
  bringDeclarationTypes,
  bringIncotermsCodes,
  bringTradePreferenceCodes,
  buildBringDeclaration,
  formatBringDeclarationErrors,
  validateBringDeclaration,
  type BringDeclarationInput,
  type BringDeclarationInvalidError,
} from '../src/index.js';
import { fixture } from './support/fixtures.js';

type Json = Record<string, any>;

/** A fresh copy of seed example 1 to mutate. */
function seed(): Json {
  return fixture('bring-request-example-1.json');
}

describe('Bring seed request examples (S4)', () => {
  it.each([
    ['example 1 (service 0300)', 'bring-request-example-1.json', '0300'],
    ['example 2 (service 0336)', 'bring-request-example-2.json', '0336'],
  ])('%s parses, with the documented quirks resolved', (_name, file, service) => {
    const result = validateBringDeclaration(fixture(file));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const body = result.value;
    expect(body.shipment.service).toBe(service);
    expect(body.currencyCode).toBe('SEK');
    expect(body.declarationType).toBe('IMPORT_EXPORT');
    const [first, second] = body.customsDeclarations;
    // "null," is the documentation's artefact for "no references"
    expect(first?.documentReferences).toBeNull();
    expect(first?.quantityOtherUnit).toBe(2);
    expect(first?.salesOrder).toBeNull();
    expect(first?.tradePreferenceCode).toBe('A');
    expect(second?.documentReferences).toEqual([{ certificateCode: 'SE/HF/003245' }]);
    expect(second?.numberOfPieces).toBe(3);
    expect(second?.salesOrder).toEqual({ articleNumber: 'GK153-1', orderNumber: 'OPT5566' });
    // tradePreferenceCode left out → Bring's default J, written out
    expect(second?.tradePreferenceCode).toBe('J');
    expect(body.exporter).toMatchObject({ addressLine1: 'Exporter street 42', id: null, vatId: null });
    expect(body.invoices?.[1]).toEqual({ amount: 100887.5, invoiceDate: '2025-11-14', invoiceNumber: '401529' });
    expect(body.shipment.termsOfDelivery).toEqual({ incotermsCode: 'DDP', location: 'Oslo' });
  });

  it('the seed response example parses', () => {
    expect(bringDeclarationResponseSchema.parse(fixture('bring-response-example.json'))).toEqual({
      error: null,
      processingId: '89257cb6-43be-4250-9a56-eb679b95ba8d',
      status: 'ACCEPTED',
    });
  });
});

describe('Bring declaration rules', () => {
  // [description, mutation of seed example 1, expected { field, message }]
  const failing: [string, (b: Json) => void, { field: string; message: string }][] = [
    ['currencyCode missing', (b) => delete b.currencyCode, { field: 'currencyCode', message: 'is required' }],
    ['currencyCode not ISO 4217', (b) => (b.currencyCode = 'SKR'), { field: 'currencyCode', message: 'must be an ISO 4217 currency code (got "SKR")' }],
    ['currencyCode lower case', (b) => (b.currencyCode = 'sek'), { field: 'currencyCode', message: 'must be an ISO 4217 currency code (got "sek")' }],
    ['customerNumber missing', (b) => delete b.customerNumber, { field: 'customerNumber', message: 'is required' }],
    ['customerNumber blank', (b) => (b.customerNumber = '  '), { field: 'customerNumber', message: 'must not be blank' }],
    ['customerNumber a number', (b) => (b.customerNumber = 1234567890), { field: 'customerNumber', message: 'must be a string (got 1234567890)' }],
    ['customsDeclarations empty', (b) => (b.customsDeclarations = []), { field: 'customsDeclarations', message: 'must contain at least one customs line' }],
    ['customsDeclarations missing', (b) => delete b.customsDeclarations, { field: 'customsDeclarations', message: 'is required' }],
    ['line amount negative', (b) => (b.customsDeclarations[0].amount = -1), { field: 'customsDeclarations[0].amount', message: 'must not be negative (got -1)' }],
    ['line amount a string', (b) => (b.customsDeclarations[0].amount = '1500,5'), { field: 'customsDeclarations[0].amount', message: 'must be a number (got "1500,5")' }],
    ['line consignmentItemId missing', (b) => delete b.customsDeclarations[1].consignmentItemId, { field: 'customsDeclarations[1].consignmentItemId', message: 'is required' }],
    ['line countryCodeOrigin invalid', (b) => (b.customsDeclarations[1].countryCodeOrigin = 'SWE'), { field: 'customsDeclarations[1].countryCodeOrigin', message: 'must be an ISO 3166-1 alpha-2 country code (got "SWE")' }],
    ['line customsArticleNumber blank', (b) => (b.customsDeclarations[0].customsArticleNumber = ''), { field: 'customsDeclarations[0].customsArticleNumber', message: 'must not be blank' }],
    ['line goodsDescription missing', (b) => delete b.customsDeclarations[0].goodsDescription, { field: 'customsDeclarations[0].goodsDescription', message: 'is required' }],
    ['line grossWeight 0', (b) => (b.customsDeclarations[0].grossWeight = 0), { field: 'customsDeclarations[0].grossWeight', message: 'must be greater than 0 (got 0)' }],
    ['line netWeight above grossWeight', (b) => (b.customsDeclarations[0].netWeight = 1.5), { field: 'customsDeclarations[0].netWeight', message: 'must not exceed grossWeight (1.5 > 1)' }],
    ['line numberOfPieces fractional', (b) => (b.customsDeclarations[1].numberOfPieces = 1.5), { field: 'customsDeclarations[1].numberOfPieces', message: 'must be a whole number (got 1.5)' }],
    ['line quantity a number (schema says string)', (b) => (b.customsDeclarations[0].quantity = 2), { field: 'customsDeclarations[0].quantity', message: 'must be a string (got 2)' }],
    ['line documentReferences another string', (b) => (b.customsDeclarations[0].documentReferences = 'none'), { field: 'customsDeclarations[0].documentReferences', message: 'must be an array of { certificateCode, documentCode } (got "none")' }],
    ['line salesOrder a number', (b) => (b.customsDeclarations[0].salesOrder = 5566), { field: 'customsDeclarations[0].salesOrder', message: 'must be a string or { articleNumber, orderNumber } (got 5566)' }],
    ['line tradePreferenceCode unknown', (b) => (b.customsDeclarations[0].tradePreferenceCode = 'X'), { field: 'customsDeclarations[0].tradePreferenceCode', message: 'must be one of A, B, C, G, P, J, N (got "X")' }],
    ['declarationType unknown', (b) => (b.declarationType = 'BOTH'), { field: 'declarationType', message: 'must be one of IMPORT, EXPORT, IMPORT_EXPORT (got "BOTH")' }],
    ['exporter missing', (b) => delete b.exporter, { field: 'exporter', message: 'is required' }],
    ['importer countryCode a name', (b) => (b.importer.countryCode = 'Sweden'), { field: 'importer.countryCode', message: 'must be an ISO 3166-1 alpha-2 country code (got "Sweden")' }],
    ['importer name missing', (b) => delete b.importer.name, { field: 'importer.name', message: 'is required' }],
    ['exporter postalCode a number', (b) => (b.exporter.postalCode = 1234), { field: 'exporter.postalCode', message: 'must be a string (got 1234)' }],
    ['invoice date not a date', (b) => (b.invoices[0].invoiceDate = '13.11.2025'), { field: 'invoices[0].invoiceDate', message: 'must be a date YYYY-MM-DD (got "13.11.2025")' }],
    ['invoice date impossible', (b) => (b.invoices[1].invoiceDate = '2025-02-30'), { field: 'invoices[1].invoiceDate', message: 'must be a date YYYY-MM-DD (got "2025-02-30")' }],
    ['invoice number missing', (b) => delete b.invoices[0].invoiceNumber, { field: 'invoices[0].invoiceNumber', message: 'is required' }],
    ['invoice discount negative', (b) => (b.invoices[0].discount = -250.5), { field: 'invoices[0].discount', message: 'must not be negative (got -250.5)' }],
    ['shipment missing', (b) => delete b.shipment, { field: 'shipment', message: 'is required' }],
    ['consignmentId 36 characters', (b) => (b.shipment.consignmentId = 'X'.repeat(36)), { field: 'shipment.consignmentId', message: 'must be at most 35 characters (got 36)' }],
    ['consignmentId missing', (b) => delete b.shipment.consignmentId, { field: 'shipment.consignmentId', message: 'is required' }],
    ['service unknown', (b) => (b.shipment.service = '0301'), { field: 'shipment.service', message: 'must be one of 0300, 0336 (got "0301")' }],
    ['service a number', (b) => (b.shipment.service = 300), { field: 'shipment.service', message: 'must be one of 0300, 0336 (got 300)' }],
    ['service missing', (b) => delete b.shipment.service, { field: 'shipment.service', message: 'is required' }],
    ['incotermsCode unknown', (b) => (b.shipment.termsOfDelivery.incotermsCode = 'DDU'), { field: 'shipment.termsOfDelivery.incotermsCode', message: 'must be one of EXW, FCA, FAS, FOB, CFR, CIF, CPT, CIP, DPU, DAP, DDP (got "DDU")' }],
    ['freightCost negative', (b) => (b.shipment.freightCost = -1), { field: 'shipment.freightCost', message: 'must not be negative (got -1)' }],
  ];

  it.each(failing)('%s', (_name, mutate, expected) => {
    const body = seed();
    mutate(body);
    const result = validateBringDeclaration(body);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([expected]);
  });

  // [description, mutation, check on the parsed value]
  const passing: [string, (b: Json) => void, (v: Json) => void][] = [
    ['consignmentId of exactly 35 characters', (b) => (b.shipment.consignmentId = 'X'.repeat(35)), (v) => expect(v.shipment.consignmentId).toHaveLength(35)],
    ['declarationType left out → IMPORT_EXPORT', (b) => delete b.declarationType, (v) => expect(v.declarationType).toBe('IMPORT_EXPORT')],
    ['declarationType null → IMPORT_EXPORT', (b) => (b.declarationType = null), (v) => expect(v.declarationType).toBe('IMPORT_EXPORT')],
    ['tradePreferenceCode null → J', (b) => (b.customsDeclarations[0].tradePreferenceCode = null), (v) => expect(v.customsDeclarations[0].tradePreferenceCode).toBe('J')],
    ['documented quantity string', (b) => (b.customsDeclarations[0].quantity = '2'), (v) => expect(v.customsDeclarations[0].quantity).toBe('2')],
    ['salesOrder as documented string', (b) => (b.customsDeclarations[0].salesOrder = 'OPT5566'), (v) => expect(v.customsDeclarations[0].salesOrder).toBe('OPT5566')],
    ['documentReferences with documentCode', (b) => (b.customsDeclarations[0].documentReferences = [{ documentCode: 'N935' }]), (v) => expect(v.customsDeclarations[0].documentReferences).toEqual([{ documentCode: 'N935' }])],
    ['invoices left out', (b) => delete b.invoices, (v) => expect(v.invoices).toBeUndefined()],
    ['termsOfDelivery left out', (b) => delete b.shipment.termsOfDelivery, (v) => expect(v.shipment.termsOfDelivery).toBeUndefined()],
    ['unknown keys dropped', (b) => (b.shipment.colour = 'red'), (v) => expect(v.shipment).not.toHaveProperty('colour')],
    ...bringDeclarationTypes.map((t): [string, (b: Json) => void, (v: Json) => void] => [
      `declarationType ${t}`,
      (b) => (b.declarationType = t),
      (v) => expect(v.declarationType).toBe(t),
    ]),
    ...bringTradePreferenceCodes.map((c): [string, (b: Json) => void, (v: Json) => void] => [
      `tradePreferenceCode ${c}`,
      (b) => (b.customsDeclarations[0].tradePreferenceCode = c),
      (v) => expect(v.customsDeclarations[0].tradePreferenceCode).toBe(c),
    ]),
    ...bringIncotermsCodes.map((c): [string, (b: Json) => void, (v: Json) => void] => [
      `incotermsCode ${c}`,
      (b) => (b.shipment.termsOfDelivery.incotermsCode = c),
      (v) => expect(v.shipment.termsOfDelivery.incotermsCode).toBe(c),
    ]),
  ];

  it.each(passing)('%s', (_name, mutate, check) => {
    const body = seed();
    mutate(body);
    const result = validateBringDeclaration(body);
    expect(!result.ok && result.errors).toBe(false);
    if (result.ok) check(result.value as Json);
  });

  it('reports every problem at once, with paths', () => {
    const body = seed();
    body.currencyCode = 'XXX';
    body.customsDeclarations[1].countryCodeOrigin = 'ZZ';
    body.shipment.service = '0400';
    const result = validateBringDeclaration(body);
    expect(!result.ok && result.errors.map((e) => e.field)).toEqual([
      'currencyCode',
      'customsDeclarations[1].countryCodeOrigin',
      'shipment.service',
    ]);
    expect(!result.ok && formatBringDeclarationErrors(result.errors)).toBe(
      'Invalid customs declaration: currencyCode must be an ISO 4217 currency code (got "XXX"); ' +
        'customsDeclarations[1].countryCodeOrigin must be an ISO 3166-1 alpha-2 country code (got "ZZ"); ' +
        'shipment.service must be one of 0300, 0336 (got "0400")',
    );
  });

  it.each([null, 'text', 42, []])('a body that is not an object (%j) gives one root error', (body) => {
    const result = validateBringDeclaration(body);
    expect(!result.ok && result.errors).toEqual([{ field: '(root)', message: expect.stringMatching(/^must be a JSON object/) }]);
  });

  it('an empty object names every required top-level field', () => {
    const result = validateBringDeclaration({});
    expect(!result.ok && result.errors.map((e) => `${e.field} ${e.message}`)).toEqual([
      'currencyCode is required',
      'customerNumber is required',
      'customsDeclarations is required',
      'exporter is required',
      'importer is required',
      'shipment is required',
    ]);
  });
});

describe('Bring response schema', () => {
  it.each([
    [{ error: 'Unknown customer number', processingId: null, status: 'FAILED' }, { error: 'Unknown customer number', processingId: null, status: 'FAILED' }],
    [{ status: 'FAILED', error: 'x' }, { error: 'x', processingId: null, status: 'FAILED' }],
    [{ error: null, processingId: 'p', status: 'ACCEPTED', extra: { future: true } }, { error: null, processingId: 'p', status: 'ACCEPTED' }],
  ])('%j parses (unknown elements ignored)', (body, expected) => {
    expect(bringDeclarationResponseSchema.parse(body)).toEqual(expected);
  });

  it.each([{}, { status: 'OK' }, { status: 'ACCEPTED', processingId: 5 }])('%j is rejected', (body) => {
    expect(bringDeclarationResponseSchema.safeParse(body).success).toBe(false);
  });
});

describe('buildBringDeclaration', () => {
  const input: BringDeclarationInput = {
    currencyCode: 'nok',
    customerNumber: '20012345678',
    consignmentId: '70438101015432',
    service: '0336',
    freightCost: 250,
    termsOfDelivery: { incotermsCode: 'DAP', location: 'Stockholm' },
    exporter: { name: 'Nordic Wear AS', addressLine1: 'Karl Johans gate 1', postalCode: '0154', city: 'Oslo', countryCode: 'no', vatId: 'NO976390512MVA' },
    importer: { name: 'Im Porter AB', postalCode: '12000', city: 'Stockholm', countryCode: 'SE', id: '1234567891' },
    lines: [
      { consignmentItemId: 'CS128104136NO', descriptionOfGoods: ' T-shirts, cotton ', commodityCode: '6109.10.00', countryOfOrigin: 'pt', value: 1500.5, grossMassKg: 1.2, netMassKg: 1, quantity: 12, tradePreferenceCode: 'A' },
      { consignmentItemId: 'CS128104137NO', descriptionOfGoods: 'Socks', commodityCode: '611595', countryOfOrigin: 'TR', value: 250, grossMassKg: 0.4, salesOrder: 'SO-77', documentReferences: [{ certificateCode: 'SE/HF/003245' }] },
    ],
    invoices: [{ invoiceNumber: 'INV-1', invoiceDate: new Date('2025-11-13T23:30:00Z'), amount: 1750.5, discount: 0 }],
  };

  it('maps the domain input to the documented body and writes defaults out', () => {
    expect(buildBringDeclaration(input)).toEqual({
      currencyCode: 'NOK',
      customerNumber: '20012345678',
      customsDeclarations: [
        { amount: 1500.5, consignmentItemId: 'CS128104136NO', countryCodeOrigin: 'PT', customsArticleNumber: '61091000', goodsDescription: 'T-shirts, cotton', grossWeight: 1.2, netWeight: 1, quantity: '12', tradePreferenceCode: 'A' },
        { amount: 250, consignmentItemId: 'CS128104137NO', countryCodeOrigin: 'TR', customsArticleNumber: '611595', documentReferences: [{ certificateCode: 'SE/HF/003245' }], goodsDescription: 'Socks', grossWeight: 0.4, salesOrder: 'SO-77', tradePreferenceCode: 'J' },
      ],
      declarationType: 'IMPORT_EXPORT',
      exporter: { addressLine1: 'Karl Johans gate 1', city: 'Oslo', countryCode: 'NO', name: 'Nordic Wear AS', postalCode: '0154', vatId: 'NO976390512MVA' },
      importer: { city: 'Stockholm', countryCode: 'SE', id: '1234567891', name: 'Im Porter AB', postalCode: '12000' },
      invoices: [{ amount: 1750.5, discount: 0, invoiceDate: '2025-11-13', invoiceNumber: 'INV-1' }],
      shipment: { consignmentId: '70438101015432', freightCost: 250, service: '0336', termsOfDelivery: { incotermsCode: 'DAP', location: 'Stockholm' } },
    });
    expect(bringDeclarationRequestSchema.safeParse(buildBringDeclaration(input)).success).toBe(true);
  });

  it('throws BRING_DECLARATION_INVALID with per-field errors', () => {
    let caught: unknown;
    try {
      buildBringDeclaration({ ...input, consignmentId: '7'.repeat(36), lines: [{ ...input.lines[0]!, countryOfOrigin: 'EU' }] });
    } catch (error) {
      caught = error;
    }
    const error = caught as BringDeclarationInvalidError;
    expect(error.code).toBe('BRING_DECLARATION_INVALID');
    expect(error.category).toBe('bad-data');
    expect(error.errors).toEqual([
      { field: 'customsDeclarations[0].countryCodeOrigin', message: 'must be an ISO 3166-1 alpha-2 country code (got "EU")' },
      { field: 'shipment.consignmentId', message: 'must be at most 35 characters (got 36)' },
    ]);
  });
});
