/** The README's example, run as written. */
import { expect, it } from 'vitest';
import { assessProcedure } from '../src/index.js';

it('README example: T-ex example 1 as published', () => {
  const a = assessProcedure(
    {
      importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
      previousDocuments: [{ typeOfReference: 'CUDE', declarantNumber: '913144929', declarationDate: '2022-03-01', sequenceNumber: '13881' }],
      exportFromEU: [{ typeOfExport: 'UGE_EXPORT', exportId: '22SEEVO1CT5UAP2BT3' }],
    },
    'road',
  );
  expect(a.variant).toBe(2);
  expect(a.variantsForMode).toEqual([2]);
  expect(a.errors).toEqual([
    {
      description: 'Invalid code. Expected codes are one of [AES_EXPORT, EUEIR_EXPORT, EIDR_EXPORT]',
      pointer: { messageElementPath: 'consignmentHouseLevel.exportFromEU[0].typeOfExport' },
    },
  ]);
  expect(a.warnings.map((w) => w.code)).toEqual(['PROCEDURE_TYPE_OF_EXPORT_OBSOLETE']);
});

it('TSDoc example of assessProcedure', () => {
  const a = assessProcedure(
    {
      importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', outgoingProcedure: 'EXP', hasOutgoingProcedure: true },
      previousDocuments: [{ typeOfReference: 'CUDE', declarantNumber: '913144929', declarationDate: '2022-03-01', sequenceNumber: '13881' }],
    },
    'road',
  );
  expect(a.variant).toBe(2);
  expect(a.incompleteReasons).toEqual(['INCOMPLETE_EXP_DOCUMENTATION']);
});
