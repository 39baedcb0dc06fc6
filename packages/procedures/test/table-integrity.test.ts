/**
 * A table update that contradicts the rules must fail loudly (PROCEDURES_TABLE_INVALID) instead of
 * producing wrong answers. Each case corrupts one cell of a copy of Customs' bundled tables.
 */
import { describe, expect, it } from 'vitest';
import { rawModeRows, rawTextsEn, rawTextsNb, rawVariants } from '../src/generated/procedure-data.js';
import { buildModeVariants } from '../src/lib/mode-table.js';
import type { RawModeRow, RawVariant } from '../src/lib/raw-types.js';
import { buildBaseVariants } from '../src/lib/variant-table.js';

const texts = { en: rawTextsEn, nb: rawTextsNb };
const copy = <T>(value: T): T => structuredClone(value) as T;

function withVariant(key: string, change: (v: { -readonly [K in keyof RawVariant['values']]: RawVariant['values'][K] }) => void): Record<string, RawVariant> {
  const variants = copy(rawVariants) as Record<string, RawVariant>;
  const target = variants[key];
  if (target === undefined) throw new Error(`no variant ${key}`);
  change(target.values as never);
  return variants;
}

function expectInvalid(build: () => unknown, message: RegExp): void {
  try {
    build();
  } catch (error) {
    expect(error).toMatchObject({ code: 'PROCEDURES_TABLE_INVALID', category: 'bug' });
    expect((error as Error).message).toMatch(message);
    return;
  }
  expect.fail('the corrupted table was accepted');
}

describe('variants.json corruptions', () => {
  it('the bundled tables build', () => {
    expect(buildBaseVariants(rawVariants, texts).size).toBe(33);
  });
  it('a reason code that belongs to no required reference', () => {
    const bad = withVariant('5', (v) => {
      v.incompleteDocumentationReason = ['INCOMPLETE_TRA_DOCUMENTATION', 'INCOMPLETE_CUDE_DOCUMENTATION'];
    });
    expectInvalid(() => buildBaseVariants(bad, texts), /variant 5: reason codes \[INCOMPLETE_TRA_DOCUMENTATION, INCOMPLETE_CUDE_DOCUMENTATION\]/);
  });
  it('a required reference without its reason code', () => {
    const bad = withVariant('2', (v) => {
      v.incompleteDocumentationReason = ['INCOMPLETE_CUDE_DOCUMENTATION'];
    });
    expectInvalid(() => buildBaseVariants(bad, texts), /variant 2: no reason code listed for exportFromEU/);
  });
  it('an unknown code', () => {
    expectInvalid(() => buildBaseVariants(withVariant('1', (v) => { v.importProcedure = 'IMMEDIATE_RELEASE'; }), texts), /unknown importProcedure/);
    expectInvalid(() => buildBaseVariants(withVariant('4', (v) => { v.outgoingProcedure = 'TRX'; }), texts), /unknown outgoingProcedure TRX/);
    expectInvalid(() => buildBaseVariants(withVariant('1', (v) => { v.incompleteDocumentationReason = ['INCOMPLETE_FOO']; }), texts), /unknown reason code/);
  });
  it('an outgoing transit without an N820 entry', () => {
    const bad = withVariant('18', (v) => { v.typeOfReference = 'N821'; });
    expectInvalid(() => buildBaseVariants(bad, texts), /outgoingProcedure TRA without an N820 entry/);
  });
  it('a CUDE column without its declaration id', () => {
    const bad = withVariant('1', (v) => { v.sequenceNumber = false; });
    expectInvalid(() => buildBaseVariants(bad, texts), /CUDE column without sequenceNumber/);
  });
  it('hasOutgoingProcedure against outgoingProcedure', () => {
    const bad = withVariant('2', (v) => { v.hasOutgoingProcedure = false; });
    expectInvalid(() => buildBaseVariants(bad, texts), /hasOutgoingProcedure false contradicts outgoingProcedure EXP/);
  });
});

describe('procedure-variants.csv corruptions', () => {
  const base = buildBaseVariants(rawVariants, texts);
  const withRow = (index: number, change: Partial<RawModeRow>): RawModeRow[] =>
    rawModeRows.map((row, i) => (i === index ? { ...row, ...change } : row));
  const airRow = rawModeRows.findIndex((r) => r.mode === 'air' && r.variant === '31');

  it('the bundled table builds', () => {
    expect([...buildModeVariants(base, rawModeRows).values()].map((rows) => rows.length)).toEqual([33, 11, 14, 11]);
  });
  it('a row that matches no variant', () => {
    expectInvalid(() => buildModeVariants(base, withRow(airRow, { previousDocuments_required: 'RETR{referenceNumber}' })), /air 31: matches 0 variants/);
  });
  it('a reason code the row\'s references do not explain', () => {
    expectInvalid(
      () => buildModeVariants(base, withRow(airRow, { incompleteDocumentationReasons_if_missing: 'INCOMPLETE_CUDE_DOCUMENTATION' })),
      /air 31: no reason code listed for exportFromEU/,
    );
  });
  it('a variant listed twice for a mode', () => {
    const rows = [...rawModeRows, rawModeRows[airRow] as RawModeRow];
    expectInvalid(() => buildModeVariants(base, rows), /variant 31 listed twice/);
  });
  it('an unknown mode', () => {
    expectInvalid(() => buildModeVariants(base, withRow(airRow, { mode: 'ferry' })), /ferry 31: unknown mode/);
  });
});
