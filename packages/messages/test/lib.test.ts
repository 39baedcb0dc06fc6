import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assessProcedure } from '@tollkit/procedures';
import { countDigits } from '../src/lib/digits.js';
import { dropNulls, withoutNulls } from '../src/lib/lenient.js';
import { passedValidation } from '../src/validate-notification.js';
import { checkNotificationRules, formatPath, isWireDate, isWireInstant, stripRootPrefix, validateNotification } from '../src/index.js';

describe('countDigits (as Java @Digits sees the number)', () => {
  it.each([
    [812.5, 3, 1],
    [0.35, 0, 2],
    [1200, 4, 0],
    [0, 0, 0],
    [1e21, 22, 0],
    [1e-7, 0, 7],
    [-12.25, 2, 2],
    [1234567890123456.5, 16, 1],
  ])('%d → %d.%d', (value, integer, fraction) => {
    expect(countDigits(value)).toEqual({ integer, fraction });
  });
});

describe('paths', () => {
  it('formats array indexes in brackets without a root prefix', () => {
    expect(formatPath(['consignmentMasterLevel', 0, 'transportDocumentMasterLevel', 'type'])).toBe(
      'consignmentMasterLevel[0].transportDocumentMasterLevel.type',
    );
    expect(formatPath([])).toBe('');
  });

  it('strips the root prefixes seen in older Customs documents', () => {
    expect(stripRootPrefix('transport.activeBorderTransportMeans.typeOfIdentification')).toBe('activeBorderTransportMeans.typeOfIdentification');
    expect(stripRootPrefix('masterConsignment.documentIssueDate')).toBe('documentIssueDate');
    expect(stripRootPrefix('consignmentHouseLevel.exportFromEU[0].exportId')).toBe('consignmentHouseLevel.exportFromEU[0].exportId');
  });
});

describe('wire formats', () => {
  it.each([
    ['2022-08-04T07:49:52Z', true],
    ['2024-02-29T23:59:59Z', true],
    ['2025-02-29T00:00:00Z', false],
    ['2025-03-01T24:00:00Z', false],
    ['2025-03-01T14:00:00+01:00', false],
    ['2025-03-01T14:00:00', false],
    ['2025-03-01T14:00:00.000Z', false],
    ['2025-03-01T14:00Z', false],
  ])('instant %s → %s', (value, ok) => {
    expect(isWireInstant(value)).toBe(ok);
  });

  it.each([
    ['2022-03-01', true],
    ['2022-02-30', false],
    ['2022-3-1', false],
    ['01.03.2022', false],
  ])('date %s → %s', (value, ok) => {
    expect(isWireDate(value)).toBe(ok);
  });
});

describe('withoutNulls (the input of validateNotification)', () => {
  const cases: unknown[] = [
    { a: 1, b: { c: 'x', d: [1, { e: true }] } },
    { a: null, b: { c: null, d: [null, { e: null, f: 2 }] }, g: [] },
    [null, { a: null }, [{ b: null }], 'x'],
    { deep: { deeper: { deepest: null, kept: 'k' } }, after: 1 },
    'text',
    null,
    7,
  ];
  it.each(cases.map((c) => [JSON.stringify(c), c]))('gives what dropNulls gives: %s', (_name, value) => {
    expect(withoutNulls(value)).toEqual(dropNulls(value));
  });

  it('shares what holds no null member and copies the rest, leaving the input alone', () => {
    const clean = { a: { b: [1, 2] }, c: 'x' };
    expect(withoutNulls(clean)).toBe(clean);
    const input = { keep: { b: [1] }, drop: { x: null, y: 1 }, list: [{ z: null }] };
    const before = JSON.stringify(input);
    const out = withoutNulls(input) as typeof input;
    expect(out).not.toBe(input);
    expect(out.keep).toBe(input.keep);
    expect(out.drop).toEqual({ y: 1 });
    expect(out.list).toEqual([{}]);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('checkNotificationRules on the value of validateNotification', () => {
  const fixtures = ['house-road-example-1.json', 'master-road.json', 'transport-road.json'] as const;
  const levels = { 'house-road-example-1.json': 'house-consignment', 'master-road.json': 'master-consignment', 'transport-road.json': 'transport' } as const;
  it.each(fixtures)('judges %s the same as its raw JSON (the value is not parsed again)', async (file) => {
    const raw = JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8')) as Record<string, unknown>;
    // A null member and an unknown one: the value has neither, the raw body both.
    const body = { ...raw, representative: null, notACustomsField: 'x' };
    const level = levels[file];
    const checked = validateNotification(level, body, 'road');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(passedValidation(checked.value, level, 'road')).toBe(true);
    expect(passedValidation(checked.value, level, 'air')).toBe(false);
    expect(passedValidation(body, level, 'road')).toBe(false);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(await checkNotificationRules(level, checked.value, 'road', { now })).toEqual(await checkNotificationRules(level, body, 'road', { now }));
  });
});

describe('checkNotificationRules hands out the procedure assessment it judged a house with', () => {
  it('once for a house (the assessment of @tollkit/procedures for its consignmentHouseLevel), never for other levels', async () => {
    const house = JSON.parse(readFileSync(new URL('./fixtures/house-road-example-1.json', import.meta.url), 'utf8')) as { consignmentHouseLevel: Record<string, unknown> };
    const seen: unknown[] = [];
    const now = Date.parse('2026-01-01T00:00:00Z');
    const errors = await checkNotificationRules('house-consignment', house, 'road', { now, onProcedureAssessment: (a) => seen.push(a) });
    expect(seen).toEqual([assessProcedure(house.consignmentHouseLevel as never, 'road', { pathPrefix: 'consignmentHouseLevel' })]);
    expect(errors).toEqual(await checkNotificationRules('house-consignment', house, 'road', { now }));
    const transport = JSON.parse(readFileSync(new URL('./fixtures/transport-road.json', import.meta.url), 'utf8')) as unknown;
    await checkNotificationRules('transport', transport as never, 'road', { now, onProcedureAssessment: (a) => seen.push(a) });
    expect(seen).toHaveLength(1);
  });
});
