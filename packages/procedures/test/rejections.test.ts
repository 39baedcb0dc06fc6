/**
 * The combinations Customs rejects outright (validation-status FAILURE): docs/digitoll.md §9.3 steps 1, 2,
 * 5–9 and §13.2 A1, A3, A6, A8, A11, A13, A15–A23 – each with Customs' literal text and element path.
 */
import { describe, expect, it } from 'vitest';
import { assessProcedure } from '../src/index.js';
import type { ProcedureInput, ValidationErrorListItem } from '../src/index.js';
import { cude, exportFromEU, reference, voecItem } from './support/fixtures.js';

const err = (description: string, messageElementPath: string): ValidationErrorListItem => ({
  description,
  pointer: { messageElementPath },
});
const ip = (importProcedure: string, outgoingProcedure?: string): ProcedureInput['importProcedure'] => ({
  importProcedure,
  ...(outgoingProcedure === undefined ? {} : { outgoingProcedure }),
  hasOutgoingProcedure: outgoingProcedure !== undefined,
});
const errorsOf = (input: ProcedureInput, mode: 'road' | 'air' | 'rail' | 'maritime' = 'road'): ValidationErrorListItem[] =>
  assessProcedure(input, mode).errors;

const IMPORT_CODES =
  'IMMEDIATE_RELEASE_IMPORT, CUSTOMS_DECLARATION, TRANSIT_IMPORT, TRANSIT_RELEASE, IMMEDIATE_RELEASE_VOEC, ' +
  'COLLECTIVE_RELEASE, WAREHOUSE_RELEASE, DOCUMENTS_NOT_OBLIGED_RELEASE, ATA_CARNET, TIR_CARNET';

describe('step 1 / A1: importProcedure from the code list (NATO_FORM_302 on road only)', () => {
  it('rejects an unknown procedure and names no variant', () => {
    const a = assessProcedure({ importProcedure: ip('IMMEDIATE_RELEASE') }, 'road');
    expect(a.errors).toEqual([
      err(`Invalid code. Expected codes are one of [${IMPORT_CODES}, NATO_FORM_302]`, 'consignmentHouseLevel.importProcedure.importProcedure'),
    ]);
    expect(a.variant).toBeUndefined();
  });
  it('accepts NATO_FORM_302 on road (V29) and rejects it by air', () => {
    const nato: ProcedureInput = { importProcedure: ip('NATO_FORM_302'), previousDocuments: [reference('C624')] };
    const road = assessProcedure(nato, 'road');
    expect(road).toMatchObject({ variant: 29, errors: [] });
    expect(road.warnings.map((w) => w.code)).toEqual(['PROCEDURE_IMPORT_PROCEDURE_NOT_IN_CODE_LIST']);
    const air = assessProcedure(nato, 'air');
    expect(air.variant).toBeUndefined();
    expect(air.errors).toEqual([
      err(`Invalid code. Expected codes are one of [${IMPORT_CODES}]`, 'consignmentHouseLevel.importProcedure.importProcedure'),
    ]);
  });
});

describe('step 2 / A6: outgoingProcedure TRA, EXP or TRE', () => {
  it('rejects another value', () => {
    const a = assessProcedure({ importProcedure: ip('COLLECTIVE_RELEASE', 'EXPORT') }, 'road');
    expect(a.errors).toEqual([
      err('When field is provided, it has to be one of [TRA, EXP, TRE]', 'consignmentHouseLevel.importProcedure.outgoingProcedure'),
    ]);
    expect(a.variant).toBeUndefined();
  });
});

describe('step 5 / A13: goodsItem only with IMMEDIATE_RELEASE_VOEC', () => {
  it('rejects goods items on a declaration-based procedure', () => {
    expect(errorsOf({ importProcedure: ip('IMMEDIATE_RELEASE_IMPORT'), previousDocuments: [cude()], goodsItem: [voecItem()] })).toEqual([
      err(
        'If consignmentHouseLevel.importProcedure.importProcedure is not IMMEDIATE_RELEASE_VOEC, it should not be provided.',
        'consignmentHouseLevel.goodsItem',
      ),
    ]);
  });
});

describe('A11: VOEC per-item value above NOK 3 000', () => {
  it('rejects the item over the limit, at its value', () => {
    const expensive = { ...voecItem(), itemAmountInvoicedVOEC: { value: 3000.01, numberOfItems: 1 } };
    expect(errorsOf({ importProcedure: ip('IMMEDIATE_RELEASE_VOEC'), goodsItem: [voecItem(), expensive] })).toEqual([
      err(
        'When item value exceeds NOK 3000, a regular import declaration has to be submitted',
        'consignmentHouseLevel.goodsItem[1].itemAmountInvoicedVOEC.value',
      ),
    ]);
  });
  it('accepts exactly NOK 3 000', () => {
    const limit = { ...voecItem(), itemAmountInvoicedVOEC: { value: 3000, numberOfItems: 2 } };
    expect(errorsOf({ importProcedure: ip('IMMEDIATE_RELEASE_VOEC'), goodsItem: [limit] })).toEqual([]);
  });
});

describe('step 6 / A8: no exportFromEU with outgoing TRA', () => {
  it('rejects the list', () => {
    expect(
      errorsOf({ importProcedure: ip('TRANSIT_IMPORT', 'TRA'), previousDocuments: [reference('N820')], exportFromEU: [exportFromEU()] }),
    ).toEqual([err('Field cannot have values when consignmentHouseLevel.importProcedure.outgoingProcedure is TRA', 'consignmentHouseLevel.exportFromEU')]);
  });
});

describe('step 7 / A16: no N820 with outgoing EXP', () => {
  it('rejects each N820 entry at its typeOfReference', () => {
    const input: ProcedureInput = {
      importProcedure: ip('IMMEDIATE_RELEASE_IMPORT', 'EXP'),
      previousDocuments: [cude(), { typeOfReference: 'N820', referenceNumber: '22FR98765273876523' }],
      exportFromEU: [exportFromEU()],
    };
    expect(errorsOf(input)).toEqual([
      err('Field cannot have value N820 out when consignmentHouseLevel.outgoingProcedure is EXP', 'consignmentHouseLevel.previousDocuments[1].typeOfReference'),
    ]);
  });
});

describe('step 8: list rules', () => {
  it('A19: more than one CUDE', () => {
    expect(errorsOf({ importProcedure: ip('CUSTOMS_DECLARATION'), previousDocuments: [cude('1'), cude('2')] })).toEqual([
      err('PreviousDocuments can only contain one document of type CUDE', 'consignmentHouseLevel.previousDocuments'),
    ]);
  });
  it('A17: CUDE without one of its three fields', () => {
    const { sequenceNumber: _s, ...noSequence } = cude();
    expect(errorsOf({ importProcedure: ip('IMMEDIATE_RELEASE_IMPORT'), previousDocuments: [noSequence] })).toEqual([
      err('Required field when typeReference is CUDE', 'consignmentHouseLevel.previousDocuments[0].sequenceNumber'),
    ]);
    expect(
      errorsOf({ importProcedure: ip('IMMEDIATE_RELEASE_IMPORT'), previousDocuments: [{ typeOfReference: 'CUDE', declarationDate: '' }] }),
    ).toEqual([
      err('Required field when typeReference is CUDE', 'consignmentHouseLevel.previousDocuments[0].declarantNumber'),
      err('Required field when typeReference is CUDE', 'consignmentHouseLevel.previousDocuments[0].declarationDate'),
      err('Required field when typeReference is CUDE', 'consignmentHouseLevel.previousDocuments[0].sequenceNumber'),
    ]);
  });
  it('A20: non-CUDE entry without referenceNumber', () => {
    expect(
      errorsOf({ importProcedure: ip('IMMEDIATE_RELEASE_IMPORT', 'TRA'), previousDocuments: [cude(), { typeOfReference: 'N820', referenceNumber: ' ' }] }),
    ).toEqual([err('Field should have value unless typeOfReference is CUDE', 'consignmentHouseLevel.previousDocuments[1].referenceNumber')]);
  });
  it('A21: duplicate referenceNumber, reported at the repeat', () => {
    const input: ProcedureInput = {
      importProcedure: ip('WAREHOUSE_RELEASE', 'TRA'),
      previousDocuments: [reference('GONU'), { typeOfReference: 'N820', referenceNumber: '123456789' }],
    };
    expect(errorsOf(input)).toEqual([
      err('Duplicate PreviousDocuments with referenceNumber: 123456789', 'consignmentHouseLevel.previousDocuments[1].referenceNumber'),
    ]);
  });
  it('A22: the same CUDE twice (also more than one CUDE, A19)', () => {
    expect(errorsOf({ importProcedure: ip('IMMEDIATE_RELEASE_IMPORT'), previousDocuments: [cude(), cude()] })).toEqual([
      err('PreviousDocuments can only contain one document of type CUDE', 'consignmentHouseLevel.previousDocuments'),
      err(
        'Duplicate PreviousDocuments of type CUDE with declarantNumber: 913144929, declarationDate: 2022-03-01 and sequenceNumber: 13881',
        'consignmentHouseLevel.previousDocuments[1]',
      ),
    ]);
  });
  it('A23: duplicate exportId', () => {
    const input: ProcedureInput = {
      importProcedure: ip('COLLECTIVE_RELEASE', 'EXP'),
      exportFromEU: [exportFromEU('EUEIR_EXPORT'), exportFromEU('AES_EXPORT'), exportFromEU('EUEIR_EXPORT')],
    };
    expect(errorsOf(input)).toEqual([
      err('Duplicate ExportFromEU with exportId: SE009251-20230602-24', 'consignmentHouseLevel.exportFromEU[2].exportId'),
    ]);
  });
});

describe('step 9 / A15: CUDE fields only where the procedure references a declaration', () => {
  it('rejects each filled CUDE field with the procedure named', () => {
    const input: ProcedureInput = {
      importProcedure: ip('TRANSIT_IMPORT', 'TRA'),
      previousDocuments: [{ ...reference('N820'), declarantNumber: '913144929', sequenceNumber: '13881' }],
    };
    expect(errorsOf(input)).toEqual([
      err('Field cannot be filled out when consignmentHouseLevel.importProcedure is TRANSIT_IMPORT', 'consignmentHouseLevel.previousDocuments[0].declarantNumber'),
      err('Field cannot be filled out when consignmentHouseLevel.importProcedure is TRANSIT_IMPORT', 'consignmentHouseLevel.previousDocuments[0].sequenceNumber'),
    ]);
  });
  it('accepts CUDE with IMMEDIATE_RELEASE_IMPORT, WAREHOUSE_RELEASE and CUSTOMS_DECLARATION', () => {
    for (const procedure of ['IMMEDIATE_RELEASE_IMPORT', 'WAREHOUSE_RELEASE', 'CUSTOMS_DECLARATION']) {
      expect(errorsOf({ importProcedure: ip(procedure), previousDocuments: [cude()] })).toEqual([]);
    }
  });
  it('rejects a CUDE entry on a carnet', () => {
    expect(errorsOf({ importProcedure: ip('ATA_CARNET'), previousDocuments: [reference('N955'), cude()] }, 'air')).toEqual(
      ['declarantNumber', 'declarationDate', 'sequenceNumber'].map((f) =>
        err('Field cannot be filled out when consignmentHouseLevel.importProcedure is ATA_CARNET', `consignmentHouseLevel.previousDocuments[1].${f}`),
      ),
    );
  });
});

describe('A18: previousDocuments need importProcedure', () => {
  it('rejects at consignmentHouseLevel.importProcedure', () => {
    const a = assessProcedure({ previousDocuments: [cude()] }, 'road');
    expect(a.errors).toEqual([
      err('importProcedure is required when any consignmentHouseLevel.previousDocuments[] is provided', 'consignmentHouseLevel.importProcedure'),
    ]);
    expect(a.variant).toBeUndefined();
  });
});

describe('A1 / A3 on exportFromEU', () => {
  it('A1: typeOfExport outside TB_EXPORTTYPE', () => {
    expect(errorsOf({ importProcedure: ip('COLLECTIVE_RELEASE', 'EXP'), exportFromEU: [{ typeOfExport: 'ECS_EXPORT', exportId: 'X1' }] })).toEqual([
      err('Invalid code. Expected codes are one of [AES_EXPORT, EUEIR_EXPORT, EIDR_EXPORT]', 'consignmentHouseLevel.exportFromEU[0].typeOfExport'),
    ]);
  });
  it('A3: exportId that does not fit its type', () => {
    const input: ProcedureInput = {
      importProcedure: ip('COLLECTIVE_RELEASE', 'EXP'),
      exportFromEU: [
        { typeOfExport: 'AES_EXPORT', exportId: '22SEEVO1CT5UAP2BT' }, // 17 characters
        { typeOfExport: 'EIDR_EXPORT', exportId: '24SE0123456789ABCD' }, // no AE at 16-17
        { typeOfExport: 'EUEIR_EXPORT', exportId: 'SE009251-20230602-24' },
      ],
    };
    expect(errorsOf(input)).toEqual([
      err('Invalid MRN format for export of type AES_EXPORT', 'consignmentHouseLevel.exportFromEU[0].exportId'),
      err('Invalid MRN format for export of type EIDR_EXPORT', 'consignmentHouseLevel.exportFromEU[1].exportId'),
    ]);
  });
});

describe('path prefix', () => {
  it('follows options.pathPrefix', () => {
    const a = assessProcedure({ previousDocuments: [cude()] }, 'road', { pathPrefix: 'houseConsignment' });
    expect(a.errors.map((e) => e.pointer.messageElementPath)).toEqual(['houseConsignment.importProcedure']);
  });
});
