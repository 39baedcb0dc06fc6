/**
 * Customs' own tables as the oracle: for every variant of data/variants.json and every row of the
 * per-mode table data/procedure-variants.csv, build the complete house consignment the row
 * describes, check it is recognised as that variant with nothing missing, then drop each required
 * element and check the INCOMPLETE_* reason Customs lists for it.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { assessProcedure } from '../src/index.js';
import type { ExportFromEU, GoodsItem, PreviousDocument, ProcedureInput, TransportMode } from '../src/index.js';
import { cude, exportFromEU, reference, voecItem } from './support/fixtures.js';

const dataFile = (name: string): string => readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8');

interface RawValues {
  importProcedure: string;
  outgoingProcedure: string;
  typeOfReference: string | null | (string | null)[];
  typeOfExport: string[] | null;
  value?: boolean;
  incompleteDocumentationReason: string[];
}
const variantsJson = JSON.parse(dataFile('variants.json')) as Record<
  string,
  { values: RawValues; headerNotes: { exportFromEU: string } }
>;
const csvRows = parse(dataFile('procedure-variants.csv'), { columns: true }) as Record<string, string>[];

/** Source defects docs/digitoll.md §9.5 decides against the published cells. */
const V19_EXPORT_IGNORED = 19; // NO page demands exportFromEU without an outgoing procedure – ignored.

/** The per-mode pages print some variants under another number (docs/digitoll.md §9.2). */
const PAGE_LABEL_TO_VARIANT: Record<string, number> = {
  'road:21(EN)/22(NO)': 22,
  'road:21(NO)': 21,
  'rail:11': 14,
  'rail:17': 22,
};

/** A required element of a table row, and the reason code the code list ties it to. */
interface Element {
  name: string;
  drop: (input: ProcedureInput) => ProcedureInput;
  /** undefined = the row's "main" reason (the one not tied to export, transit or VOEC). */
  reason: string | undefined;
}

interface Row {
  label: string;
  input: ProcedureInput;
  elements: Element[];
  reasons: string[];
}

function rowFrom(
  label: string,
  importProcedure: string,
  outgoing: string | undefined,
  docTypes: string[],
  exportTypes: string[] | undefined,
  voec: boolean,
  reasons: string[],
): Row {
  const previousDocuments: PreviousDocument[] = docTypes.map((t) => (t === 'CUDE' ? cude() : reference(t)));
  const exports: ExportFromEU[] | undefined = exportTypes?.map((t) => exportFromEU(t));
  const goods: GoodsItem[] | undefined = voec ? [voecItem(), { ...voecItem(), commodityCodeVOEC: { harmonizedSystemSubheadingCode: '640399' } }] : undefined;
  const input: ProcedureInput = {
    importProcedure: {
      importProcedure,
      ...(outgoing === undefined ? {} : { outgoingProcedure: outgoing }),
      hasOutgoingProcedure: outgoing !== undefined,
    },
    ...(previousDocuments.length > 0 ? { previousDocuments } : {}),
    ...(exports === undefined ? {} : { exportFromEU: exports }),
    ...(goods === undefined ? {} : { goodsItem: goods }),
  };
  const elements: Element[] = [
    ...docTypes.map((t): Element => ({
      name: `previousDocuments ${t}`,
      drop: (i) => ({ ...i, previousDocuments: (i.previousDocuments ?? []).filter((d) => d.typeOfReference !== t) }),
      reason: t === 'N820' || t === 'RETR' ? 'INCOMPLETE_TRA_DOCUMENTATION' : undefined,
    })),
    ...(exports === undefined ? [] : [{ name: 'exportFromEU', drop: (i: ProcedureInput) => ({ ...i, exportFromEU: [] }), reason: 'INCOMPLETE_EXP_DOCUMENTATION' }]),
    ...(voec
      ? [
          { name: 'goodsItem', drop: (i: ProcedureInput) => ({ ...i, goodsItem: [] }), reason: 'INCOMPLETE_VOEC_DOCUMENTATION' },
          {
            name: 'goodsItem[1].additionalFiscalReferences.vatIdentificationNumber',
            drop: (i: ProcedureInput) => ({ ...i, goodsItem: [voecItem(), { ...voecItem(), additionalFiscalReferences: { role: 'FR5' } }] }),
            reason: 'INCOMPLETE_VOEC_DOCUMENTATION',
          },
        ]
      : []),
  ];
  return { label, input, elements, reasons };
}

function mainReason(row: Row): string | undefined {
  const tied = new Set(row.elements.map((e) => e.reason));
  return row.reasons.find((r) => !tied.has(r));
}

function checkRow(row: Row, mode: TransportMode, variant: number): void {
  const complete = assessProcedure(row.input, mode);
  expect(complete.variant).toBe(variant);
  expect(complete.variantsForMode).toContain(variant);
  expect(complete.incompleteReasons).toEqual([]);
  expect(complete.errors).toEqual([]);
  // NATO_FORM_302 is on the road page but not in the ImportProcedure code list (docs/digitoll.md §17).
  const nato = row.input.importProcedure?.importProcedure === 'NATO_FORM_302';
  expect(complete.warnings.map((w) => w.code)).toEqual(nato ? ['PROCEDURE_IMPORT_PROCEDURE_NOT_IN_CODE_LIST'] : []);

  const main = mainReason(row);
  for (const element of row.elements) {
    const dropped = assessProcedure(element.drop(row.input), mode);
    const expected = element.reason ?? main;
    expect(expected, `${row.label}: reason for ${element.name}`).toBeDefined();
    expect(dropped.incompleteReasons, `${row.label} without ${element.name}`).toEqual([expected]);
    expect(dropped.errors).toEqual([]);
    expect(dropped.missing.map((m) => m.reference.reason)).toEqual([expected]);
  }
  // Everything dropped: exactly the reasons the row lists.
  const bare = row.elements.reduce((input, e) => e.drop(input), row.input);
  expect([...assessProcedure(bare, mode).incompleteReasons].sort()).toEqual([...row.reasons].sort());
}

describe('variants.json (33 variants, road page numbering)', () => {
  const entries = Object.entries(variantsJson);
  it('has 33 variants', () => expect(entries.map(([k]) => Number(k))).toEqual(Array.from({ length: 33 }, (_, i) => i + 1)));

  for (const [key, raw] of entries) {
    const v = raw.values;
    it(`variant ${key}: ${v.importProcedure} / ${v.outgoingProcedure}`, () => {
      const types = (Array.isArray(v.typeOfReference) ? v.typeOfReference : [v.typeOfReference]).filter((t): t is string => t !== null);
      const outgoing = v.outgoingProcedure === '-' ? undefined : v.outgoingProcedure;
      const exportListed = raw.headerNotes.exportFromEU === 'AT_LEAST_ONE_OF' && Number(key) !== V19_EXPORT_IGNORED;
      const reasons = Number(key) === V19_EXPORT_IGNORED
        ? v.incompleteDocumentationReason.filter((r) => r !== 'INCOMPLETE_EXP_DOCUMENTATION')
        : v.incompleteDocumentationReason;
      const exportTypes = exportListed ? (v.typeOfExport ?? ['AES_EXPORT', 'EUEIR_EXPORT', 'EIDR_EXPORT']) : undefined;
      const row = rowFrom(`variant ${key}`, v.importProcedure, outgoing, types, exportTypes, v.value === true, reasons);
      checkRow(row, 'road', Number(key));
    });
  }
});

describe('procedure-variants.csv (each mode page)', () => {
  for (const r of csvRows) {
    const mode = r['mode'] as TransportMode;
    const label = r['variant'] ?? '';
    const variant = PAGE_LABEL_TO_VARIANT[`${mode}:${label}`] ?? Number(label);
    it(`${mode} page variant ${label} = variant ${variant}`, () => {
      const docs = (r['previousDocuments_required'] ?? '').split(';').filter((s) => s !== '').map((s) => s.slice(0, 4));
      const exportTypes = r['exportFromEU_required']?.startsWith('yes') ? (r['typeOfExport_allowed'] ?? '').split('|') : undefined;
      const reasons = (r['incompleteDocumentationReasons_if_missing'] ?? '').split('|').filter((s) => s !== '');
      const outgoing = r['outgoingProcedure'] === '' ? undefined : r['outgoingProcedure'];
      const row = rowFrom(`${mode} ${label}`, r['importProcedure'] ?? '', outgoing, docs, exportTypes, r['goodsItem_VOEC_required'] === 'yes', reasons);
      checkRow(row, mode, variant);
    });
  }
});
