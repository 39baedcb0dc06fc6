import { rawModeRows } from '../generated/procedure-data.js';
import { ProcedureTableInvalidError } from '../errors.js';
import type { ModeVariant, RequiredReference } from '../types.js';
import type { RawModeRow } from './raw-types.js';
import {
  CUDE, CUDE_FIELDS, INCOMPLETE_DOCUMENTATION_REASON_CODES, OUTGOING_PROCEDURE_CODES, TRANSPORT_MODES,
  TYPE_OF_EXPORT_CODES, isOneOf,
} from './codes.js';
import type { OutgoingProcedureCode, TransportMode, TypeOfExport } from './codes.js';
import { attributeReasons, referenceKey } from './reference-rules.js';
import type { UnattributedReference } from './reference-rules.js';
import { orderedReasons } from './variant-table.js';
import type { BaseVariant } from './variant-table.js';

function fail(row: RawModeRow, message: string): never {
  throw new ProcedureTableInvalidError(`procedure-variants.csv ${row.mode} ${row.variant}: ${message}`);
}

function list(cell: string): string[] {
  return cell === '' ? [] : cell.split('|');
}

/** `CUDE{declarantNumber+declarationDate+sequenceNumber};N820{referenceNumber}` → references. */
function parsePreviousDocuments(row: RawModeRow): UnattributedReference[] {
  if (row.previousDocuments_required === '') return [];
  return row.previousDocuments_required.split(';').map((part) => {
    const match = /^([A-Z0-9]{4})\{([A-Za-z+]+)\}$/.exec(part);
    if (match?.[1] === undefined || match[2] === undefined) fail(row, `cannot read previousDocuments "${part}"`);
    const typeOfReference = match[1];
    const fields = match[2].split('+');
    const expected: readonly string[] = typeOfReference === CUDE ? CUDE_FIELDS : ['referenceNumber'];
    if (fields.join('+') !== expected.join('+')) fail(row, `${typeOfReference} requires ${fields.join('+')}, rules say ${expected.join('+')}`);
    return typeOfReference === CUDE
      ? { element: 'previousDocuments', typeOfReference, fields: [...CUDE_FIELDS] }
      : { element: 'previousDocuments', typeOfReference, fields: ['referenceNumber'] };
  });
}

function readRow(row: RawModeRow, variants: ReadonlyMap<number, BaseVariant>): ModeVariant {
  const mode = row.mode;
  if (!isOneOf(TRANSPORT_MODES, mode)) fail(row, 'unknown mode');
  let outgoingProcedure: OutgoingProcedureCode | undefined;
  if (row.outgoingProcedure !== '') {
    if (!isOneOf(OUTGOING_PROCEDURE_CODES, row.outgoingProcedure)) fail(row, 'unknown outgoingProcedure');
    outgoingProcedure = row.outgoingProcedure;
  }
  if (row.hasOutgoingProcedure !== String(outgoingProcedure !== undefined)) fail(row, 'hasOutgoingProcedure contradicts outgoingProcedure');

  const refs = parsePreviousDocuments(row);
  if (row.exportFromEU_required.startsWith('yes')) {
    const allowed = list(row.typeOfExport_allowed);
    if (allowed.length === 0 || !allowed.every((t) => isOneOf(TYPE_OF_EXPORT_CODES, t))) fail(row, 'bad typeOfExport_allowed');
    refs.push({ element: 'exportFromEU', typeOfExport: allowed as TypeOfExport[], fields: ['exportId', 'typeOfExport'] });
  } else if (row.exportFromEU_required !== 'no') {
    fail(row, `cannot read exportFromEU_required "${row.exportFromEU_required}"`);
  }

  const candidates = [...variants.values()].filter((v) => {
    if (v.importProcedure !== row.importProcedure || v.outgoingProcedure !== outgoingProcedure) return false;
    const keys = new Set(v.requiredReferences.filter((r) => r.element !== 'goodsItem').map(referenceKey));
    return keys.size === refs.length && refs.every((r) => keys.has(referenceKey(r)));
  });
  const base = candidates[0];
  if (base === undefined || candidates.length > 1) fail(row, `matches ${candidates.length} variants of variants.json`);

  const goods = base.requiredReferences.find((r) => r.element === 'goodsItem');
  if ((row.goodsItem_VOEC_required === 'yes') !== (goods !== undefined)) fail(row, 'goodsItem requirement differs from variants.json');
  if (goods !== undefined) refs.push({ element: 'goodsItem', fields: goods.fields });

  const reasons = list(row.incompleteDocumentationReasons_if_missing).map((r) => {
    if (!isOneOf(INCOMPLETE_DOCUMENTATION_REASON_CODES, r)) fail(row, `unknown reason code ${r}`);
    return r;
  });
  const requiredReferences: RequiredReference[] = attributeReasons(`procedure-variants.csv ${mode} ${row.variant}`, refs, reasons);
  return {
    mode,
    variant: base.variant,
    pageLabel: row.variant,
    importProcedure: base.importProcedure,
    outgoingProcedure,
    hasOutgoingProcedure: outgoingProcedure !== undefined,
    requiredReferences,
    incompleteDocumentationReasons: orderedReasons(requiredReferences),
    meaning: row['meaning (paraphrased)'],
    note: row.note === '' ? undefined : row.note,
  };
}

/**
 * Every row of the per-mode table, mapped onto Customs' canonical variant numbers (default: the bundled table).
 *
 * @throws {ProcedureTableInvalidError} when a row matches no variant, or contradicts it.
 */
export function buildModeVariants(
  variants: ReadonlyMap<number, BaseVariant>,
  rows: readonly RawModeRow[] = rawModeRows,
): Map<TransportMode, ModeVariant[]> {
  const byMode = new Map<TransportMode, ModeVariant[]>(TRANSPORT_MODES.map((m) => [m, []]));
  for (const row of rows) {
    const modeVariant = readRow(row, variants);
    const rows = byMode.get(modeVariant.mode) ?? [];
    if (rows.some((r) => r.variant === modeVariant.variant)) fail(row, `variant ${modeVariant.variant} listed twice`);
    rows.push(modeVariant);
  }
  return byMode;
}
