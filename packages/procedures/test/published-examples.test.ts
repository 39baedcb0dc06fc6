/**
 * The published examples of Customs' "examples" page (T-ex, docs/digitoll.md §9.4). Examples 1 and 4 use
 * the obsolete typeOfExport UGE_EXPORT: as published they are rejected (A1), adapted to AES_EXPORT
 * (as §7.2 does for example 1) they are the variants §9.4 names.
 */
import { describe, expect, it } from 'vitest';
import { assessProcedure } from '../src/index.js';
import type { ProcedureInput } from '../src/index.js';

const CUDE_EX = { typeOfReference: 'CUDE', declarantNumber: '913144929', declarationDate: '2022-03-01', sequenceNumber: '13881' };
const N820_EX = { typeOfReference: 'N820', referenceNumber: '22FR98765273876523' };
const EXPORT_CODES = 'Invalid code. Expected codes are one of [AES_EXPORT, EUEIR_EXPORT, EIDR_EXPORT]';

function expectClean(input: ProcedureInput, mode: 'road' | 'air' | 'rail' | 'maritime', variant: number): void {
  const a = assessProcedure(input, mode);
  expect(a.variant).toBe(variant);
  expect(a.variantsForMode).toContain(variant);
  expect(a.incompleteReasons).toEqual([]);
  expect(a.errors).toEqual([]);
  expect(a.warnings).toEqual([]);
}

describe('docs/digitoll.md §9.4 published examples', () => {
  const example1 = (typeOfExport: string): ProcedureInput => ({
    importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
    previousDocuments: [CUDE_EX],
    exportFromEU: [{ typeOfExport, exportId: '22SEEVO1CT5UAP2BT3' }],
  });

  it('1: declaration + Swedish/EU export, as published (UGE_EXPORT) → rejected with A1', () => {
    const a = assessProcedure(example1('UGE_EXPORT'), 'road');
    expect(a.variant).toBe(2);
    expect(a.errors).toEqual([
      { description: EXPORT_CODES, pointer: { messageElementPath: 'consignmentHouseLevel.exportFromEU[0].typeOfExport' } },
    ]);
    expect(a.warnings.map((w) => w.code)).toEqual(['PROCEDURE_TYPE_OF_EXPORT_OBSOLETE']);
  });

  it('1: adapted to AES_EXPORT → road V2', () => expectClean(example1('AES_EXPORT'), 'road', 2));

  it('1: is road only – air warns and lists no variant for the combination', () => {
    const a = assessProcedure(example1('AES_EXPORT'), 'air');
    expect(a.variant).toBe(2);
    expect(a.variantsForMode).toEqual([]);
    expect(a.warnings.map((w) => w.code)).toEqual(['PROCEDURE_COMBINATION_NOT_LISTED_FOR_MODE']);
  });

  it('2: declaration + transit closed at the border → V4 (road and rail)', () => {
    const input: ProcedureInput = {
      importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', outgoingProcedure: 'TRA', hasOutgoingProcedure: true },
      previousDocuments: [N820_EX, CUDE_EX],
    };
    expectClean(input, 'road', 4);
    expectClean(input, 'rail', 4);
  });

  it('3: transit started abroad, only border passage → V5', () => {
    expectClean(
      {
        importProcedure: { importProcedure: 'TRANSIT_IMPORT', outgoingProcedure: 'TRA', hasOutgoingProcedure: true },
        previousDocuments: [N820_EX],
      },
      'road',
      5,
    );
  });

  const example4 = (typeOfExport: string): ProcedureInput => ({
    importProcedure: { importProcedure: 'TRANSIT_RELEASE', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
    previousDocuments: [{ typeOfReference: 'RETR', referenceNumber: 'SE2298081234598765' }],
    exportFromEU: [{ typeOfExport, exportId: '22SEEEO1CT5UAP2BT3' }],
  });

  it('4: transit started at the border + export, as published (UGE_EXPORT) → rejected with A1', () => {
    const a = assessProcedure(example4('UGE_EXPORT'), 'road');
    expect(a.variant).toBe(6);
    expect(a.errors).toEqual([
      { description: EXPORT_CODES, pointer: { messageElementPath: 'consignmentHouseLevel.exportFromEU[0].typeOfExport' } },
    ]);
  });

  it('4: adapted to AES_EXPORT → V6', () => expectClean(example4('AES_EXPORT'), 'road', 6));

  it('5: declaration, export closed in the departure country → V1 (every mode)', () => {
    const input: ProcedureInput = {
      importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', hasOutgoingProcedure: false },
      previousDocuments: [CUDE_EX],
    };
    for (const mode of ['road', 'air', 'rail', 'maritime'] as const) expectClean(input, mode, 1);
  });

  it('6: VOEC → V7', () => {
    expectClean(
      {
        importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_VOEC', hasOutgoingProcedure: false },
        goodsItem: [
          {
            additionalFiscalReferences: { vatIdentificationNumber: '589403', role: 'FR5' },
            itemAmountInvoicedVOEC: { value: 400.5, numberOfItems: 11 },
            commodityCodeVOEC: { harmonizedSystemSubheadingCode: '551100' },
          },
        ],
      },
      'road',
      7,
    );
  });

  it('7: postal item, collective clearance → V15', () => {
    expectClean({ importProcedure: { importProcedure: 'COLLECTIVE_RELEASE', hasOutgoingProcedure: false } }, 'air', 15);
  });

  it('8: warehouse declaration, no procedure up to the border → V11', () => {
    expectClean(
      { importProcedure: { importProcedure: 'WAREHOUSE_RELEASE', hasOutgoingProcedure: false }, previousDocuments: [CUDE_EX] },
      'road',
      11,
    );
  });

  it('9: goods registration at the border + export → V24 (GONU, not N820: §9.5)', () => {
    expectClean(
      {
        importProcedure: { importProcedure: 'WAREHOUSE_RELEASE', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
        previousDocuments: [{ typeOfReference: 'GONU', referenceNumber: '123456789' }],
        exportFromEU: [{ typeOfExport: 'AES_EXPORT', exportId: '22SEEVO1CT5UAP2BT3' }],
      },
      'road',
      24,
    );
  });

  it('9 with the EN page\'s N820 instead of GONU → rejected (A16)', () => {
    const a = assessProcedure(
      {
        importProcedure: { importProcedure: 'WAREHOUSE_RELEASE', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
        previousDocuments: [{ typeOfReference: 'N820', referenceNumber: '123456789' }],
        exportFromEU: [{ typeOfExport: 'AES_EXPORT', exportId: '22SEEVO1CT5UAP2BT3' }],
      },
      'road',
    );
    expect(a.errors).toEqual([
      {
        description: 'Field cannot have value N820 out when consignmentHouseLevel.outgoingProcedure is EXP',
        pointer: { messageElementPath: 'consignmentHouseLevel.previousDocuments[0].typeOfReference' },
      },
    ]);
  });
});
