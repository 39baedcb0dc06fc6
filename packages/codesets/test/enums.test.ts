import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ENUM_NAMES,
  OBSOLETE_TYPE_OF_EXPORT_VALUES,
  ROUTING_CONTROL_LOCATION_VALUES,
  ROUTING_DECISION_VALUES,
  TB_EXPORTTYPE_CODES,
  exportIdFormatFor,
  getEnum,
  isEnumValue,
  isValidExportId,
  type EnumName,
} from '../src/index.js';
import * as api from '../src/index.js';
import { dataUrl } from './support.js';

const enumsMd = readFileSync(dataUrl('enums.md'), 'utf8');
const codesMd = readFileSync(dataUrl('codes.md'), 'utf8');

describe('enums from enums.md', () => {
  it('every value of every enum appears in the reference it cites', () => {
    for (const name of ENUM_NAMES) {
      const source = getEnum(name);
      expect(source.name).toBe(name);
      expect(source.source).toMatch(/^(enums\.md §\d+|codes\.md CL\d{3}) /);
      const reference = source.source.startsWith('codes.md') ? codesMd : enumsMd;
      for (const { value, description } of source.values) {
        expect(reference.includes(value), `${name}: ${value}`).toBe(true);
        expect(description.length).toBeGreaterThan(0);
      }
    }
  });

  it('exports a *_VALUES constant for every enum from the package entry point', () => {
    for (const name of ENUM_NAMES) {
      const constant = `${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_VALUES`;
      expect((api as Record<string, unknown>)[constant], constant).toEqual(getEnum(name).values.map((v) => v.value));
    }
  });

  it('has the routing values of §7', () => {
    expect(ROUTING_DECISION_VALUES).toEqual(['TO_ENTRY', 'TO_CONTROL', 'ENTRY_PENDING', 'ENTRY_DENIED']);
    expect(ROUTING_CONTROL_LOCATION_VALUES).toEqual(['ON_ENTRY', 'AFTER_ENTRY']);
    expect(isEnumValue('RoutingDecision', 'TO_CONTROL')).toBe(true);
    expect(isEnumValue('RoutingDecision', 'ENTRY_PENDING_TO_CONTROL')).toBe(false); // the SSNN page's typo
    expect(isEnumValue('RoutingControlLocation', 'on_entry')).toBe(false);
  });

  it('has the status values of §6', () => {
    expect(getEnum('ValidationOutcome').values.map((v) => v.value)).toEqual(['SUCCESS', 'FAILURE']);
    expect(getEnum('DocumentStatus').values.map((v) => v.value)).toEqual(['SUCCESS', 'INCOMPLETE']);
    expect(isEnumValue('DocumentStatus', 'FAILURE')).toBe(false);
  });

  it('keeps NATO_FORM_302 and the obsolete export types apart from the code lists', () => {
    expect(isEnumValue('AdditionalImportProcedure', 'NATO_FORM_302')).toBe(true);
    for (const value of OBSOLETE_TYPE_OF_EXPORT_VALUES) {
      expect((TB_EXPORTTYPE_CODES as readonly string[]).includes(value)).toBe(false);
    }
  });

  it('lists the CL751 codes the API accepts beyond the page', () => {
    expect(getEnum('AdditionalTypeOfMeansOfTransport').values.map((v) => v.value)).toEqual(['12', 'T']);
    expect(codesMd).toMatch(/plus two extra codes `12` and `T`/);
  });

  it('has the carrier values of §13', () => {
    expect(isEnumValue('ShipmondoExportReason', 'sale_of_goods')).toBe(true);
    expect(getEnum('IncotermsCode').values).toHaveLength(11);
    expect(isEnumValue('IncotermsCode', 'DAT')).toBe(false); // Incoterms 2010, replaced by DPU
    expect(isEnumValue('BringDeclarationType', 'IMPORT_EXPORT')).toBe(true);
    expect(isEnumValue('BringShipmentService', '0336')).toBe(true);
  });

  it('refuses an unknown enum name and non-string values', () => {
    expect(() => getEnum('Nope' as EnumName)).toThrow(TypeError);
    expect(() => isEnumValue('hasOwnProperty' as EnumName, 'x')).toThrow(TypeError);
    expect(isEnumValue('UploadFileType', 1)).toBe(false);
  });
});

describe('isValidExportId (enums.md §4)', () => {
  it('has a format for every typeOfExport, and each example passes', () => {
    for (const type of TB_EXPORTTYPE_CODES) {
      const format = exportIdFormatFor(type);
      expect(format, type).toBeDefined();
      expect(isValidExportId(type, format?.example)).toBe(true);
    }
  });

  it('AES_EXPORT: 2 digits, 2 letters, 14 uppercase letters or digits', () => {
    expect(isValidExportId('AES_EXPORT', '24SE0123456789ABCD')).toBe(true);
    expect(isValidExportId('AES_EXPORT', '25DK000000000000A1')).toBe(true);
    for (const id of ['24SE0123456789ABC', '24SE0123456789ABCDE', '24se0123456789abcd', 'AB240123456789ABCD', '24S10123456789ABCD', '24SE0123456789ABC-']) {
      expect(isValidExportId('AES_EXPORT', id), id).toBe(false);
    }
  });

  it('EIDR_EXPORT: 2 digits, SE, 11 characters, AE, 1 character', () => {
    expect(isValidExportId('EIDR_EXPORT', '24SE0123456789AAED')).toBe(true);
    for (const id of ['24DK0123456789AAED', '24SE0123456789ABCD', '24SE0123456789AAE', 'XXSE0123456789AAED']) {
      expect(isValidExportId('EIDR_EXPORT', id), id).toBe(false);
    }
  });

  it('EUEIR_EXPORT: 1..35 characters without control characters or outer spaces', () => {
    expect(isValidExportId('EUEIR_EXPORT', 'SE009251-20230602-24')).toBe(true);
    expect(isValidExportId('EUEIR_EXPORT', 'A')).toBe(true);
    expect(isValidExportId('EUEIR_EXPORT', 'X'.repeat(35))).toBe(true);
    for (const id of ['', 'X'.repeat(36), ' SE009251', 'SE009251 ', 'SE\n009251', '\t']) {
      expect(isValidExportId('EUEIR_EXPORT', id), JSON.stringify(id)).toBe(false);
    }
  });

  it('refuses unknown and obsolete types and non-string ids', () => {
    expect(isValidExportId('UGE_EXPORT', '24SE0123456789ABCD')).toBe(false);
    expect(exportIdFormatFor('UGE_EXPORT')).toBeUndefined();
    expect(isValidExportId('AES_EXPORT', undefined)).toBe(false);
    expect(isValidExportId('AES_EXPORT', 24)).toBe(false);
  });
});
