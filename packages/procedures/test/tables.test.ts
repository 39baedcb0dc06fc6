/** The bundled tables: texts, source corrections, agreement between Customs' two tables, freshness of the generated module. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getVariant, listVariants, requiredReferencesFor, variantsAllowedFor } from '../src/index.js';
import { DATA_DIR, GENERATED_MODULE, renderProcedureData } from '../scripts/generate-tables.js';

describe('listVariants', () => {
  const variants = listVariants();

  it('has Customs\' 33 variants in order, each with English and Norwegian texts', () => {
    expect(variants.map((v) => v.variant)).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
    for (const v of variants) {
      expect(v.description.en.length, `V${v.variant} en`).toBeGreaterThan(0);
      expect(v.description.nb.length, `V${v.variant} nb`).toBe(v.description.en.length);
      for (const line of [...v.description.en, ...v.description.nb]) expect(line).not.toMatch(/<|&lt;|&gt;/);
    }
    expect(getVariant(6)?.description.en[0]).toBe('Transit should start at the border.');
    expect(getVariant(27)?.description.nb).toEqual(['ATA-Carnet']);
  });

  it('turns the goods-number transition notice into text plus link', () => {
    const v23 = getVariant(23);
    expect(v23?.description.en[1]).toBe(
      'Transitional arrangement until 01.03.2027, see Digitoll with goods number - Norwegian Customs (in Norwegian)',
    );
    expect(v23?.links).toEqual(['https://www.toll.no/no/bedrift/nyheter-for-naeringslivet/digitoll-med-godsnummer']);
  });

  it('corrects exactly the source defects of docs/digitoll.md §9.5', () => {
    const corrected = Object.fromEntries(variants.filter((v) => v.sourceCorrections.length > 0).map((v) => [v.variant, v.sourceCorrections.length]));
    expect(corrected).toEqual({ 7: 1, 9: 2, 19: 1, 25: 1, 26: 1 });
    expect(getVariant(7)?.hasOutgoingProcedure).toBe(false);
    expect(getVariant(9)?.requiredReferences.map((r) => r.element)).toEqual(['previousDocuments', 'exportFromEU', 'goodsItem']);
    expect(getVariant(19)?.requiredReferences).toEqual([]);
    // V25 is TRA ("Transit is…"), V26 is TRE ("Transit and EU export…").
    expect(getVariant(25)?.outgoingProcedure).toBe('TRA');
    expect(getVariant(25)?.description.en[2]).toBe('Transit is the previous procedure and must be completed at the border crossing.');
    expect(getVariant(26)?.description.nb[2]).toBe('Transittering og EU-eksport er foregående prosedyre og skal fullføres ved grensepassering.');
  });

  it('is read-only', () => {
    const v1 = getVariant(1);
    expect(Object.isFrozen(v1)).toBe(true);
    expect(Object.isFrozen(v1?.requiredReferences)).toBe(true);
  });

  it('names the modes of each variant', () => {
    expect(getVariant(1)?.modes).toEqual(['road', 'air', 'rail', 'maritime']);
    expect(getVariant(14)?.modes).toEqual(['road', 'rail']);
    expect(getVariant(29)?.modes).toEqual(['road']);
    expect(getVariant(34)).toBeUndefined();
  });
});

describe('the two tables agree', () => {
  it('the road page rows of procedure-variants.csv equal variants.json (after §9.5 corrections)', () => {
    for (const row of variantsAllowedFor('road')) {
      const variant = getVariant(row.variant);
      expect(row.requiredReferences, `road ${row.pageLabel}`).toEqual(variant?.requiredReferences);
      expect(row.incompleteDocumentationReasons).toEqual(variant?.incompleteDocumentationReasons);
    }
  });
});

describe('requiredReferencesFor', () => {
  it('gives the references with fields and reason codes', () => {
    expect(requiredReferencesFor(3)).toEqual([
      { element: 'previousDocuments', typeOfReference: 'CUDE', fields: ['declarantNumber', 'declarationDate', 'sequenceNumber'], reason: 'INCOMPLETE_CUDE_DOCUMENTATION' },
      { element: 'previousDocuments', typeOfReference: 'N820', fields: ['referenceNumber'], reason: 'INCOMPLETE_TRA_DOCUMENTATION' },
      { element: 'exportFromEU', typeOfExport: ['AES_EXPORT', 'EUEIR_EXPORT', 'EIDR_EXPORT'], fields: ['exportId', 'typeOfExport'], reason: 'INCOMPLETE_EXP_DOCUMENTATION' },
    ]);
    expect(requiredReferencesFor(7)).toEqual([
      { element: 'goodsItem', fields: ['value', 'numberOfItems', 'harmonizedSystemSubheadingCode', 'vatIdentificationNumber'], reason: 'INCOMPLETE_VOEC_DOCUMENTATION' },
    ]);
    expect(requiredReferencesFor(31, 'maritime')[1]).toMatchObject({ element: 'exportFromEU', typeOfExport: ['AES_EXPORT', 'EUEIR_EXPORT'] });
  });
  it('treats unknown variants and unlisted modes as misuse', () => {
    expect(() => requiredReferencesFor(0)).toThrow(TypeError);
    expect(() => requiredReferencesFor(2, 'air')).toThrow('variant 2 is not listed for air (listed for road)');
  });
});

describe('generated module', () => {
  it('matches data/ (run `pnpm run codegen` after updating Customs\' tables)', () => {
    expect(readFileSync(GENERATED_MODULE, 'utf8')).toBe(renderProcedureData(DATA_DIR));
  });
});

describe('transitional variants', () => {
  it('reads the end of the goods-number arrangement from Customs\' texts', () => {
    const transitional = listVariants().filter((v) => v.transitionalUntil !== undefined);
    expect(transitional.map((v) => [v.variant, v.transitionalUntil])).toEqual([
      [23, '2027-03-01'], [24, '2027-03-01'], [25, '2027-03-01'], [26, '2027-03-01'],
    ]);
  });
});
