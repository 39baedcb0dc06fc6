/** Per-mode acceptance (docs/digitoll.md §9.2): what each mode's procedure page lists, and what it does not. */
import { describe, expect, it } from 'vitest';
import { assessProcedure, requiredReferencesFor, variantsAllowedFor } from '../src/index.js';
import type { ProcedureInput, TransportMode } from '../src/index.js';
import { cude, exportFromEU, reference, voecItem } from './support/fixtures.js';

const ip = (importProcedure: string, outgoingProcedure?: string): ProcedureInput['importProcedure'] => ({
  importProcedure,
  ...(outgoingProcedure === undefined ? {} : { outgoingProcedure }),
  hasOutgoingProcedure: outgoingProcedure !== undefined,
});

describe('variantsAllowedFor', () => {
  it('lists each page with canonical numbers', () => {
    const numbers = (mode: TransportMode): number[] => variantsAllowedFor(mode).map((v) => v.variant);
    expect(numbers('road').sort((a, b) => a - b)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    expect(numbers('air')).toEqual([1, 7, 11, 15, 19, 27, 28, 30, 31, 32, 33]);
    expect(numbers('rail')).toEqual([1, 4, 5, 7, 10, 14, 15, 22, 27, 28, 30, 31, 32, 33]);
    expect(numbers('maritime')).toEqual([1, 7, 11, 15, 19, 27, 28, 30, 31, 32, 33]);
  });
  it('keeps the labels the pages print', () => {
    const labels = (mode: TransportMode): Record<number, string> =>
      Object.fromEntries(variantsAllowedFor(mode).filter((v) => v.pageLabel !== String(v.variant)).map((v) => [v.variant, v.pageLabel]));
    expect(labels('rail')).toEqual({ 14: '11', 22: '17' });
    expect(labels('road')).toEqual({ 21: '21(NO)', 22: '21(EN)/22(NO)' });
    expect(labels('air')).toEqual({});
  });
  it('rejects an unknown mode as misuse', () => {
    expect(() => variantsAllowedFor('sea' as TransportMode)).toThrow(TypeError);
  });
});

describe('assessProcedure per mode', () => {
  const iriExp: ProcedureInput = { importProcedure: ip('IMMEDIATE_RELEASE_IMPORT', 'EXP'), previousDocuments: [cude()], exportFromEU: [exportFromEU()] };

  it('IMMEDIATE_RELEASE_IMPORT + EXP is road only (V2): accepted on road, a warning for air, rail and maritime', () => {
    expect(assessProcedure(iriExp, 'road')).toMatchObject({ variant: 2, variantsForMode: [2], warnings: [] });
    for (const mode of ['air', 'rail', 'maritime'] as const) {
      const a = assessProcedure(iriExp, mode);
      expect(a.variant).toBe(2);
      expect(a.variantsForMode).toEqual([]);
      expect(a.errors).toEqual([]);
      expect(a.warnings).toEqual([
        {
          code: 'PROCEDURE_COMBINATION_NOT_LISTED_FOR_MODE',
          message: `IMMEDIATE_RELEASE_IMPORT with outgoingProcedure EXP (variant 2) is not listed for ${mode}; Customs lists it for road`,
          messageElementPath: 'consignmentHouseLevel.importProcedure',
        },
      ]);
    }
  });

  it('IMMEDIATE_RELEASE_IMPORT + TRA (V4) is road and rail', () => {
    const input: ProcedureInput = { importProcedure: ip('IMMEDIATE_RELEASE_IMPORT', 'TRA'), previousDocuments: [cude(), reference('N820')] };
    expect(assessProcedure(input, 'rail').warnings).toEqual([]);
    expect(assessProcedure(input, 'air').warnings.map((w) => w.code)).toEqual(['PROCEDURE_COMBINATION_NOT_LISTED_FOR_MODE']);
  });

  it('TRANSIT_RELEASE is road only; VOEC + TRA is road and rail; CUSTOMS_DECLARATION + TRE everywhere', () => {
    const transitRelease: ProcedureInput = { importProcedure: ip('TRANSIT_RELEASE', 'EXP'), previousDocuments: [reference('RETR')], exportFromEU: [exportFromEU()] };
    expect(assessProcedure(transitRelease, 'maritime').variantsForMode).toEqual([]);
    const voecTra: ProcedureInput = { importProcedure: ip('IMMEDIATE_RELEASE_VOEC', 'TRA'), previousDocuments: [reference('N820')], goodsItem: [voecItem()] };
    expect(assessProcedure(voecTra, 'rail')).toMatchObject({ variant: 10, variantsForMode: [10], warnings: [] });
    expect(assessProcedure(voecTra, 'air').variantsForMode).toEqual([]);
    const cdTre: ProcedureInput = { importProcedure: ip('CUSTOMS_DECLARATION', 'TRE'), previousDocuments: [cude(), reference('N820')], exportFromEU: [exportFromEU()] };
    for (const mode of ['road', 'air', 'rail', 'maritime'] as const) {
      expect(assessProcedure(cdTre, mode)).toMatchObject({ variant: 33, variantsForMode: [33], warnings: [], errors: [] });
    }
  });

  it('warehouse + transit by rail is variant 14 (the rail page prints 11); by air it is not listed', () => {
    const input: ProcedureInput = { importProcedure: ip('WAREHOUSE_RELEASE', 'TRA'), previousDocuments: [cude(), reference('N820')] };
    expect(assessProcedure(input, 'rail')).toMatchObject({ variant: 14, variantsForMode: [14], warnings: [] });
    expect(assessProcedure(input, 'air')).toMatchObject({ variant: 14, variantsForMode: [] });
  });

  it('road offers two warehouse variants (CUDE V11, goods number V23); the reference decides', () => {
    const warehouse = ip('WAREHOUSE_RELEASE');
    expect(assessProcedure({ importProcedure: warehouse, previousDocuments: [cude()] }, 'road')).toMatchObject({ variant: 11, variantsForMode: [11, 23] });
    expect(assessProcedure({ importProcedure: warehouse, previousDocuments: [reference('GONU')] }, 'road')).toMatchObject({ variant: 23, variantsForMode: [11, 23], warnings: [] });
    // Nothing sent yet: the declaration-based variant, INCOMPLETE either way.
    expect(assessProcedure({ importProcedure: warehouse }, 'road')).toMatchObject({ variant: 11, incompleteReasons: ['INCOMPLETE_DOCUMENTATION'] });
    expect(assessProcedure({ importProcedure: warehouse, previousDocuments: [reference('GONU')] }, 'air')).toMatchObject({ variant: 23, variantsForMode: [11] });
  });

  it('a missing warehouse declaration: road says INCOMPLETE_DOCUMENTATION, the air/rail/maritime tables INCOMPLETE_CUDE_DOCUMENTATION', () => {
    const input: ProcedureInput = { importProcedure: ip('WAREHOUSE_RELEASE') };
    expect(assessProcedure(input, 'road').incompleteReasons).toEqual(['INCOMPLETE_DOCUMENTATION']);
    expect(assessProcedure(input, 'air').incompleteReasons).toEqual(['INCOMPLETE_CUDE_DOCUMENTATION']);
    expect(assessProcedure(input, 'maritime').incompleteReasons).toEqual(['INCOMPLETE_CUDE_DOCUMENTATION']);
    expect(requiredReferencesFor(11, 'road')[0]?.reason).toBe('INCOMPLETE_DOCUMENTATION');
    expect(requiredReferencesFor(11, 'air')[0]?.reason).toBe('INCOMPLETE_CUDE_DOCUMENTATION');
  });

  it('EIDR_EXPORT is road only: a warning on the air page, none on road', () => {
    const input: ProcedureInput = { importProcedure: ip('CUSTOMS_DECLARATION', 'EXP'), previousDocuments: [cude()], exportFromEU: [exportFromEU('EIDR_EXPORT')] };
    expect(assessProcedure(input, 'road').warnings).toEqual([]);
    expect(assessProcedure(input, 'air').warnings).toEqual([
      {
        code: 'PROCEDURE_TYPE_OF_EXPORT_NOT_LISTED_FOR_MODE',
        message: 'typeOfExport EIDR_EXPORT is not listed for air variant 31 (listed: AES_EXPORT, EUEIR_EXPORT)',
        messageElementPath: 'consignmentHouseLevel.exportFromEU[0].typeOfExport',
      },
    ]);
  });

  it('a combination no page lists at all names no variant', () => {
    const a = assessProcedure({ importProcedure: ip('TRANSIT_IMPORT') }, 'road');
    expect(a.variant).toBeUndefined();
    expect(a.variantsForMode).toEqual([]);
    expect(a.warnings.map((w) => w.code)).toEqual(['PROCEDURE_COMBINATION_NOT_LISTED_FOR_MODE']);
  });
});
