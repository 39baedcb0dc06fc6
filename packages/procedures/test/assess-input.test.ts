/** How assessProcedure reads its input: hasOutgoingProcedure's default, partial and malformed data, unused elements. */
import { describe, expect, it } from 'vitest';
import { assessProcedure } from '../src/index.js';
import type { ProcedureInput, TransportMode } from '../src/index.js';
import { cude, exportFromEU, reference, voecItem } from './support/fixtures.js';

describe('hasOutgoingProcedure (Customs assumes true when omitted, docs/digitoll.md §7.2)', () => {
  it('omitted without an outgoing procedure: read as true, so outgoingProcedure is required (issue 16 item 2; sentrale-dataelementer-EN.html)', () => {
    const a = assessProcedure({ importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT' }, previousDocuments: [cude()] }, 'road');
    expect(a.hasOutgoingProcedure).toBe(true);
    expect(a.errors).toEqual([
      { description: 'Required field when hasOutgoingProcedure is true', pointer: { messageElementPath: 'consignmentHouseLevel.importProcedure.outgoingProcedure' } },
    ]);
    expect(a.warnings).toEqual([]);
  });
  it('omitted with an outgoing procedure: true, as intended, no warning', () => {
    const a = assessProcedure({ importProcedure: { importProcedure: 'TRANSIT_IMPORT', outgoingProcedure: 'TRA' }, previousDocuments: [reference('N820')] }, 'rail');
    expect(a).toMatchObject({ hasOutgoingProcedure: true, variant: 5, warnings: [] });
  });
  it('true without outgoingProcedure is rejected; false with one is a contradiction (warning)', () => {
    const t = assessProcedure({ importProcedure: { importProcedure: 'COLLECTIVE_RELEASE', hasOutgoingProcedure: true } }, 'air');
    expect(t.errors.map((e) => [e.description, e.pointer.messageElementPath])).toEqual([
      ['Required field when hasOutgoingProcedure is true', 'consignmentHouseLevel.importProcedure.outgoingProcedure'],
    ]);
    const f = assessProcedure(
      { importProcedure: { importProcedure: 'COLLECTIVE_RELEASE', outgoingProcedure: 'EXP', hasOutgoingProcedure: false }, exportFromEU: [exportFromEU()] },
      'road',
    );
    expect(f).toMatchObject({ variant: 16, hasOutgoingProcedure: false });
    expect(f.warnings.map((w) => w.code)).toEqual(['PROCEDURE_HAS_OUTGOING_PROCEDURE_MISMATCH']);
  });
  it('the string "FALSE" (seen from one vendor) is read, with a warning to send a boolean', () => {
    const input = { importProcedure: { importProcedure: 'COLLECTIVE_RELEASE', hasOutgoingProcedure: 'FALSE' } } as unknown as ProcedureInput;
    const a = assessProcedure(input, 'road');
    expect(a).toMatchObject({ variant: 15, hasOutgoingProcedure: false });
    expect(a.warnings.map((w) => w.code)).toEqual(['PROCEDURE_HAS_OUTGOING_PROCEDURE_NOT_BOOLEAN']);
  });
});

describe('missing and malformed input', () => {
  it('no importProcedure at all: a warning, no variant', () => {
    const a = assessProcedure({}, 'road');
    expect(a).toMatchObject({ variant: undefined, variantsForMode: [], incompleteReasons: [], errors: [] });
    expect(a.warnings.map((w) => w.code)).toEqual(['PROCEDURE_IMPORT_PROCEDURE_MISSING']);
  });
  it('wrong types become per-field warnings, never exceptions', () => {
    const input = {
      importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_VOEC', hasOutgoingProcedure: false },
      previousDocuments: 'CUDE',
      exportFromEU: [42],
      goodsItem: [{ ...voecItem(), itemAmountInvoicedVOEC: { value: '400', numberOfItems: 11 } }],
    } as unknown as ProcedureInput;
    const a = assessProcedure(input, 'road');
    expect(a.warnings.filter((w) => w.code === 'PROCEDURE_MALFORMED_INPUT').map((w) => w.message)).toEqual([
      'consignmentHouseLevel.previousDocuments must be an array; ignored',
      'consignmentHouseLevel.exportFromEU[0] must be an object; ignored',
      'consignmentHouseLevel.goodsItem[0].itemAmountInvoicedVOEC.value must be a number; ignored',
    ]);
    // The item without a readable value is incomplete VOEC documentation.
    expect(a).toMatchObject({ variant: 7, incompleteReasons: ['INCOMPLETE_VOEC_DOCUMENTATION'] });
  });
  it('misuse of the API is a TypeError', () => {
    expect(() => assessProcedure(null as unknown as ProcedureInput, 'road')).toThrow(TypeError);
    expect(() => assessProcedure({}, 'ferry' as TransportMode)).toThrow('mode must be one of road, air, rail, maritime, got ferry');
  });
  it('an unknown typeOfReference is left to the code-list check of @tollkit/messages and flagged as unused', () => {
    const a = assessProcedure({ importProcedure: { importProcedure: 'TIR_CARNET', hasOutgoingProcedure: false }, previousDocuments: [{ typeOfReference: 'TIR1', referenceNumber: 'XC1' }] }, 'road');
    expect(a.errors).toEqual([]);
    expect(a.warnings.map((w) => [w.code, w.messageElementPath])).toEqual([
      ['PROCEDURE_INCOMPLETE_DOCUMENTATION', 'consignmentHouseLevel.previousDocuments'],
      ['PROCEDURE_UNEXPECTED_ELEMENT', 'consignmentHouseLevel.previousDocuments[0].typeOfReference'],
    ]);
    expect(a.incompleteReasons).toEqual(['INCOMPLETE_DOCUMENTATION']);
  });
});

describe('elements the variant does not use', () => {
  it('exportFromEU without an outgoing export is flagged (Customs closes no export)', () => {
    const a = assessProcedure({ importProcedure: { importProcedure: 'DOCUMENTS_NOT_OBLIGED_RELEASE', hasOutgoingProcedure: false }, exportFromEU: [exportFromEU()] }, 'road');
    expect(a).toMatchObject({ variant: 19, errors: [], incompleteReasons: [] });
    expect(a.warnings.map((w) => [w.code, w.messageElementPath])).toEqual([['PROCEDURE_UNEXPECTED_ELEMENT', 'consignmentHouseLevel.exportFromEU']]);
  });
  it('a reference of another variant is flagged at its typeOfReference', () => {
    const a = assessProcedure({ importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', hasOutgoingProcedure: false }, previousDocuments: [cude(), reference('RETR')] }, 'road');
    expect(a.warnings.map((w) => [w.code, w.messageElementPath])).toEqual([
      ['PROCEDURE_UNEXPECTED_ELEMENT', 'consignmentHouseLevel.previousDocuments[1].typeOfReference'],
    ]);
  });
  it('each missing reference is also explained as a warning with its path', () => {
    const a = assessProcedure({ importProcedure: { importProcedure: 'TRANSIT_RELEASE', outgoingProcedure: 'EXP', hasOutgoingProcedure: true } }, 'road');
    expect(a.incompleteReasons).toEqual(['INCOMPLETE_EXP_DOCUMENTATION', 'INCOMPLETE_TRA_DOCUMENTATION']);
    expect(a.warnings.map((w) => w.messageElementPath)).toEqual(['consignmentHouseLevel.previousDocuments', 'consignmentHouseLevel.exportFromEU']);
    expect(a.warnings[0]?.message).toBe(
      'variant 6 needs previousDocuments entry RETR; until it is sent Customs reports INCOMPLETE_TRA_DOCUMENTATION and the consignment waits at the border (ENTRY_PENDING)',
    );
  });
});

describe('transitional variants (goods number, V23–V26)', () => {
  const gonu: ProcedureInput = {
    importProcedure: { importProcedure: 'WAREHOUSE_RELEASE', hasOutgoingProcedure: false },
    previousDocuments: [reference('GONU')],
  };
  it('are accepted before 2027-03-01 and warned about from that day', () => {
    expect(assessProcedure(gonu, 'road', { date: '2027-02-28' }).warnings).toEqual([]);
    expect(assessProcedure(gonu, 'road', { date: '2027-03-01' }).warnings).toEqual([
      {
        code: 'PROCEDURE_VARIANT_TRANSITION_ENDED',
        message: 'variant 23 is a transitional arrangement that ended on 2027-03-01; lodge a declaration (CUDE) instead of a goods number',
        messageElementPath: 'consignmentHouseLevel.importProcedure',
      },
    ]);
    expect(assessProcedure({ ...gonu, previousDocuments: [cude()] }, 'road', { date: '2030-01-01' }).warnings).toEqual([]);
  });
  it('rejects a malformed date as misuse', () => {
    expect(() => assessProcedure(gonu, 'road', { date: '01.03.2027' })).toThrow(TypeError);
  });
});
