import { describe, expect, it } from 'vitest';
import { countDigits } from '../src/lib/digits.js';
import { formatPath, isWireDate, isWireInstant, stripRootPrefix } from '../src/index.js';

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
