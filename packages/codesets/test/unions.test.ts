import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CL018_CODES,
  CODE_LIST_NAMES,
  CL141_CODES,
  CL751_CODES,
  IMPORT_PROCEDURE_CODES,
  INCOMPLETE_DOCUMENTATION_REASON_CODES,
  OUTGOING_PROCEDURE_CODES,
  TB_EXPORTTYPE_CODES,
  getCodeList,
  isValidCode,
  type CodeEntry,
  type ImportProcedureCode,
  type IncompleteDocumentationReasonCode,
  type ModeOfTransportAtBorderCode,
  type ModeOfTransportCode,
  type NorwegianCustomsOfficeCode,
  type OutgoingProcedureCode,
  type PackageTypeCode,
  type RoutingControlLocation,
  type RoutingDecision,
  type TransportDocumentTypeCode,
  type TransportMode,
  type TypeOfExport,
  type TypeOfMeansOfTransportCode,
  type TypeOfPersonCode,
} from '../src/index.js';
import { MAX_UNION_ENTRIES, kebab } from '../scripts/render.js';
import * as api from '../src/index.js';
import { readCsv } from './support.js';

// The type assertions are checked by `tsc -p tsconfig.json` (test/ is part of the project);
// the runtime assertions check that each union's constant holds exactly the CSV's codes.
describe('literal unions of the short lists', () => {
  it('match the contract in ARCHITECTURE.md', () => {
    expectTypeOf<ModeOfTransportCode>().toEqualTypeOf<'1' | '2' | '3' | '4'>();
    expectTypeOf<OutgoingProcedureCode>().toEqualTypeOf<'TRA' | 'EXP' | 'TRE'>();
    expectTypeOf<TypeOfExport>().toEqualTypeOf<'AES_EXPORT' | 'EUEIR_EXPORT' | 'EIDR_EXPORT'>();
    expectTypeOf<RoutingDecision>().toEqualTypeOf<'TO_ENTRY' | 'TO_CONTROL' | 'ENTRY_PENDING' | 'ENTRY_DENIED'>();
    expectTypeOf<RoutingControlLocation>().toEqualTypeOf<'ON_ENTRY' | 'AFTER_ENTRY'>();
    expectTypeOf<TransportMode>().toEqualTypeOf<'road' | 'air' | 'rail' | 'maritime'>();
    expectTypeOf<TypeOfPersonCode>().toEqualTypeOf<'1' | '2' | '3'>();
    expectTypeOf<ImportProcedureCode>().toEqualTypeOf<
      | 'IMMEDIATE_RELEASE_IMPORT'
      | 'CUSTOMS_DECLARATION'
      | 'TRANSIT_IMPORT'
      | 'TRANSIT_RELEASE'
      | 'IMMEDIATE_RELEASE_VOEC'
      | 'COLLECTIVE_RELEASE'
      | 'WAREHOUSE_RELEASE'
      | 'DOCUMENTS_NOT_OBLIGED_RELEASE'
      | 'ATA_CARNET'
      | 'TIR_CARNET'
    >();
    expectTypeOf<IncompleteDocumentationReasonCode>().toEqualTypeOf<
      | 'INCOMPLETE_CUDE_DOCUMENTATION'
      | 'INCOMPLETE_EXP_DOCUMENTATION'
      | 'INCOMPLETE_TRA_DOCUMENTATION'
      | 'INCOMPLETE_VOEC_DOCUMENTATION'
      | 'INCOMPLETE_DOCUMENTATION'
      | 'INCOMPLETE_CUDE_VALIDATION'
      | 'INCOMPLETE_GONU_DOCUMENTATION'
      | 'CANNOT_VERIFY_CUDE_DOCUMENTATION'
      | 'CANNOT_VERIFY_TRA_DOCUMENTATION'
    >();
    expectTypeOf<'NATO_FORM_302'>().not.toExtend<ImportProcedureCode>();
    expectTypeOf<'N740'>().toExtend<TransportDocumentTypeCode>();
    expectTypeOf<'NO324001'>().toExtend<NorwegianCustomsOfficeCode>();
    expectTypeOf<ModeOfTransportCode>().toExtend<ModeOfTransportAtBorderCode>();
  });

  it('types the long lists as string', () => {
    expectTypeOf<PackageTypeCode>().toEqualTypeOf<string>();
    expectTypeOf<TypeOfMeansOfTransportCode>().toEqualTypeOf<string>();
    expect(CL751_CODES.length).toBeGreaterThan(MAX_UNION_ENTRIES);
  });

  it('narrow through isValidCode and getCodeList', () => {
    const value: string = 'EXP';
    if (isValidCode('OutgoingProcedure', value)) expectTypeOf(value).toEqualTypeOf<OutgoingProcedureCode>();
    const entry = getCodeList('ImportProcedure').lookup('TIR_CARNET');
    expectTypeOf(entry).toEqualTypeOf<CodeEntry<ImportProcedureCode> | undefined>();
    expect(entry?.code).toBe('TIR_CARNET');
  });

  it('spot-check: the contract constants', () => {
    expect(CL018_CODES).toEqual(['1', '2', '3', '4', '7', '8', '9']);
    expect(OUTGOING_PROCEDURE_CODES).toEqual(['TRA', 'EXP', 'TRE']);
    expect(TB_EXPORTTYPE_CODES).toEqual(['AES_EXPORT', 'EUEIR_EXPORT', 'EIDR_EXPORT']);
    expect(IMPORT_PROCEDURE_CODES).toHaveLength(10);
    expect(INCOMPLETE_DOCUMENTATION_REASON_CODES).toHaveLength(9);
    expect(CL141_CODES).toHaveLength(49);
  });

  for (const name of CODE_LIST_NAMES) {
    const constant = `${kebab(name).replace(/-/g, '_').toUpperCase()}_CODES`;
    it(`${name}: ${constant} is the CSV's code column`, () => {
      expect((api as Record<string, unknown>)[constant]).toEqual(readCsv(`${name}.csv`).map((r) => r['code']));
    });
  }
});
