import { rawTextsEn, rawTextsNb, rawVariants } from '../generated/procedure-data.js';
import { ProcedureTableInvalidError } from '../errors.js';
import type { ProcedureVariant, RequiredReference, VoecField } from '../types.js';
import type { RawCell, RawDescriptionLine, RawLocaleTexts, RawVariant } from './raw-types.js';
import {
  CUDE, CUDE_FIELDS, IMPORT_PROCEDURE_CODES, INCOMPLETE_DOCUMENTATION_REASON_CODES, N820, NATO_FORM_302,
  OUTGOING_PROCEDURE_CODES, TYPE_OF_EXPORT_CODES, isOneOf,
} from './codes.js';
import type { CudeField, IncompleteDocumentationReasonCode, OutgoingProcedureCode, TypeOfExport, VariantImportProcedure } from './codes.js';
import { attributeReasons } from './reference-rules.js';
import type { UnattributedReference } from './reference-rules.js';
import { DESCRIPTION_SWAPS } from './source-corrections.js';

/** A variant before the per-mode table has said which modes list it. */
export type BaseVariant = Omit<ProcedureVariant, 'modes'>;

const VOEC_FIELDS: readonly VoecField[] = ['value', 'numberOfItems', 'harmonizedSystemSubheadingCode', 'vatIdentificationNumber'];

function column<T>(cell: RawCell<T>, count: number): readonly T[] {
  return Array.isArray(cell) ? (cell as readonly T[]) : Array.from({ length: count }, () => cell as T);
}

function fail(where: string, message: string): never {
  throw new ProcedureTableInvalidError(`variants.json ${where}: ${message}`);
}

function decodeEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&');
}

function descriptionText(line: RawDescriptionLine, links: string[]): string {
  if (typeof line === 'string') return decodeEntities(line);
  for (const match of line.html.matchAll(/href="([^"]*)"/g)) {
    if (match[1] !== undefined && !links.includes(match[1])) links.push(match[1]);
  }
  return decodeEntities(line.html.replace(/<[^>]*>/g, '')).trim();
}

function descriptions(texts: RawLocaleTexts, key: string, links: string[]): string[] {
  return (texts.variantDescriptions[key] ?? []).map((line) => descriptionText(line, links));
}

/**
 * Reads one published variant into the normalised model, applying the compositional rules of
 * docs/digitoll.md §9.1 (step B: EXP/TRE need exportFromEU, TRA/TRE need an N820 entry; step C: every
 * non-CUDE entry needs referenceNumber) where the published cells contradict them, and recording each
 * such correction.
 */
function readVariant(key: string, raw: RawVariant, texts: { en: RawLocaleTexts; nb: RawLocaleTexts }): BaseVariant {
  const where = `variant ${key}`;
  const number = Number(key);
  if (!Number.isInteger(number) || number < 1) fail(where, 'key is not a positive integer');
  const v = raw.values;
  const corrections: string[] = [];

  const importProcedure = v.importProcedure;
  if (!isOneOf<VariantImportProcedure>([...IMPORT_PROCEDURE_CODES, NATO_FORM_302], importProcedure)) {
    fail(where, `unknown importProcedure ${importProcedure}`);
  }
  let outgoingProcedure: OutgoingProcedureCode | undefined;
  if (v.outgoingProcedure !== '-') {
    if (!isOneOf(OUTGOING_PROCEDURE_CODES, v.outgoingProcedure)) fail(where, `unknown outgoingProcedure ${v.outgoingProcedure}`);
    outgoingProcedure = v.outgoingProcedure;
  }
  const hasOutgoingProcedure = outgoingProcedure !== undefined;
  if (typeof v.hasOutgoingProcedure !== 'boolean') {
    corrections.push(
      `hasOutgoingProcedure cell is "${v.hasOutgoingProcedure}" on the page; ${String(hasOutgoingProcedure)} is sent ` +
        '(examples and the other modes use it)',
    );
  } else if (v.hasOutgoingProcedure !== hasOutgoingProcedure) {
    fail(where, `hasOutgoingProcedure ${String(v.hasOutgoingProcedure)} contradicts outgoingProcedure ${v.outgoingProcedure}`);
  }

  const refs: UnattributedReference[] = [];
  const types = column(v.typeOfReference, raw.subColumns);
  const referenceNumber = column(v.referenceNumber, raw.subColumns);
  const cudeFlags: Record<CudeField, readonly boolean[]> = {
    declarantNumber: column(v.declarantNumber, raw.subColumns),
    declarationDate: column(v.declarationDate, raw.subColumns),
    sequenceNumber: column(v.sequenceNumber, raw.subColumns),
  };
  types.forEach((typeOfReference, i) => {
    if (typeOfReference === null) return;
    if (typeOfReference === CUDE) {
      const missing = CUDE_FIELDS.filter((f) => cudeFlags[f][i] !== true);
      if (missing.length > 0) fail(where, `CUDE column without ${missing.join(', ')}`);
      refs.push({ element: 'previousDocuments', typeOfReference, fields: [...CUDE_FIELDS] });
      return;
    }
    if (referenceNumber[i] !== true) {
      corrections.push(`${typeOfReference} entry without required referenceNumber on the page; referenceNumber is required`);
    }
    refs.push({ element: 'previousDocuments', typeOfReference, fields: ['referenceNumber'] });
  });
  const needsTransit = outgoingProcedure === 'TRA' || outgoingProcedure === 'TRE';
  if (needsTransit && !refs.some((r) => r.element === 'previousDocuments' && r.typeOfReference === N820)) {
    fail(where, `outgoingProcedure ${outgoingProcedure} without an N820 entry`);
  }

  const needsExport = outgoingProcedure === 'EXP' || outgoingProcedure === 'TRE';
  const pageListsExport = raw.headerNotes.exportFromEU === 'AT_LEAST_ONE_OF' || v.exportId;
  if (needsExport) {
    let typeOfExport: readonly TypeOfExport[] = TYPE_OF_EXPORT_CODES;
    if (v.typeOfExport === null) {
      corrections.push(`typeOfExport cell empty although outgoingProcedure ${outgoingProcedure} requires exportFromEU; all of TB_EXPORTTYPE allowed`);
    } else {
      const unknown = v.typeOfExport.filter((t) => !isOneOf(TYPE_OF_EXPORT_CODES, t));
      if (unknown.length > 0) fail(where, `unknown typeOfExport ${unknown.join(', ')}`);
      typeOfExport = v.typeOfExport as readonly TypeOfExport[];
    }
    if (!v.exportId) {
      corrections.push('exportId cell empty although exportFromEU (at least one entry) is required; exportId treated as required');
    }
    if (raw.headerNotes.exportFromEU !== 'AT_LEAST_ONE_OF') {
      corrections.push(`exportFromEU not listed although outgoingProcedure ${outgoingProcedure} requires it; required`);
    }
    refs.push({ element: 'exportFromEU', typeOfExport, fields: ['exportId', 'typeOfExport'] });
  } else if (pageListsExport) {
    corrections.push(
      `page demands exportFromEU although outgoingProcedure is ${outgoingProcedure ?? 'absent'}; contradictory, ignored ` +
        '(no export to close at the border)',
    );
  }

  const voecFields = VOEC_FIELDS.filter((f) => v[f] === true);
  if (voecFields.length > 0) refs.push({ element: 'goodsItem', fields: voecFields });

  const reasons = v.incompleteDocumentationReason.map((r) => {
    if (!isOneOf(INCOMPLETE_DOCUMENTATION_REASON_CODES, r)) fail(where, `unknown reason code ${r}`);
    return r;
  });
  // A reason whose reference the rules dropped (V19's export) goes with it.
  const usedReasons = needsExport || !pageListsExport
    ? reasons
    : reasons.filter((r) => r !== 'INCOMPLETE_EXP_DOCUMENTATION');
  const requiredReferences: RequiredReference[] = attributeReasons(`variants.json ${where}`, refs, usedReasons);

  const links: string[] = [];
  const description = { en: descriptions(texts.en, key, links), nb: descriptions(texts.nb, key, links) };
  return {
    variant: number,
    importProcedure,
    outgoingProcedure,
    hasOutgoingProcedure,
    requiredReferences,
    incompleteDocumentationReasons: orderedReasons(requiredReferences),
    description,
    links,
    transitionalUntil: transitionalUntil(description.en),
    sourceCorrections: corrections,
  };
}

/** "Transitional arrangement until 01.03.2027" → `2027-03-01`. */
function transitionalUntil(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const m = /Transitional arrangement until (\d{2})\.(\d{2})\.(\d{4})/.exec(line);
    if (m !== null) return `${m[3]}-${m[2]}-${m[1]}`;
  }
  return undefined;
}

/** The reasons of a set of references, in the order of the references, without repeats. */
export function orderedReasons(refs: readonly RequiredReference[]): IncompleteDocumentationReasonCode[] {
  return [...new Set(refs.map((r) => r.reason))];
}

function applyDescriptionSwaps(variants: Map<number, BaseVariant>): void {
  for (const swap of DESCRIPTION_SWAPS) {
    const [a, b] = swap.variants.map((n) => variants.get(n));
    if (a === undefined || b === undefined) fail(`variants ${swap.variants.join('/')}`, 'missing for a description swap');
    for (const lang of ['en', 'nb'] as const) {
      const la = [...a.description[lang]];
      const lb = [...b.description[lang]];
      const x = la[swap.line];
      const y = lb[swap.line];
      if (x === undefined || y === undefined) fail(`variants ${swap.variants.join('/')}`, `no description line ${swap.line}`);
      la[swap.line] = y;
      lb[swap.line] = x;
      a.description[lang] = la;
      b.description[lang] = lb;
    }
    (a.sourceCorrections as string[]).push(swap.reason);
    (b.sourceCorrections as string[]).push(swap.reason);
  }
}

/**
 * Every published variant, normalised, by number (defaults: the bundled tables).
 *
 * @throws {ProcedureTableInvalidError} when the tables contradict the rules beyond the known defects.
 */
export function buildBaseVariants(
  variantsJson: Readonly<Record<string, RawVariant>> = rawVariants,
  texts: { en: RawLocaleTexts; nb: RawLocaleTexts } = { en: rawTextsEn, nb: rawTextsNb },
): Map<number, BaseVariant> {
  const variants = new Map<number, BaseVariant>();
  for (const [key, raw] of Object.entries(variantsJson)) {
    const variant = readVariant(key, raw, texts);
    variants.set(variant.variant, variant);
  }
  applyDescriptionSwaps(variants);
  return variants;
}
