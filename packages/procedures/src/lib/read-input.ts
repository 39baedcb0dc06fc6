import type { ProcedureWarning } from '../types.js';

/** A `previousDocuments` entry as read: blank strings count as absent. */
export interface ReadPreviousDocument {
  index: number;
  typeOfReference: string | undefined;
  referenceNumber: string | undefined;
  declarantNumber: string | undefined;
  declarationDate: string | undefined;
  sequenceNumber: string | undefined;
}

/** An `exportFromEU` entry as read. */
export interface ReadExportFromEU {
  index: number;
  exportId: string | undefined;
  typeOfExport: string | undefined;
}

/** A `goodsItem` entry as read. */
export interface ReadGoodsItem {
  index: number;
  value: number | undefined;
  numberOfItems: number | undefined;
  harmonizedSystemSubheadingCode: string | undefined;
  vatIdentificationNumber: string | undefined;
}

/** The procedure-relevant part of a house consignment level, read defensively. */
export interface ReadInput {
  hasImportProcedureObject: boolean;
  importProcedure: string | undefined;
  outgoingProcedure: string | undefined;
  /** As given (`undefined` when omitted). */
  hasOutgoingProcedure: boolean | undefined;
  previousDocuments: ReadPreviousDocument[];
  exportFromEU: ReadExportFromEU[];
  goodsItem: ReadGoodsItem[];
  /** Number of entries in the raw lists (including malformed ones). */
  counts: { previousDocuments: number; exportFromEU: number; goodsItem: number };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads input that may come straight from a parsed file: wrong types never throw, they become
 * `PROCEDURE_MALFORMED_INPUT` warnings naming the path and are treated as absent.
 */
export function readInput(input: unknown, p: string, warnings: ProcedureWarning[]): ReadInput {
  const malformed = (path: string, expected: string): void => {
    warnings.push({ code: 'PROCEDURE_MALFORMED_INPUT', message: `${path} must be ${expected}; ignored`, messageElementPath: path });
  };
  const text = (obj: Record<string, unknown>, key: string, path: string): string | undefined => {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      malformed(`${path}.${key}`, 'a string');
      return undefined;
    }
    return value.trim() === '' ? undefined : value;
  };
  const num = (obj: Record<string, unknown>, key: string, path: string): number | undefined => {
    const value = obj[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      malformed(`${path}.${key}`, 'a number');
      return undefined;
    }
    return value;
  };
  const object = (obj: Record<string, unknown>, key: string, path: string): Record<string, unknown> => {
    const value = obj[key];
    if (value === undefined || value === null) return {};
    if (!isRecord(value)) {
      malformed(`${path}.${key}`, 'an object');
      return {};
    }
    return value;
  };
  const entries = (obj: Record<string, unknown>, key: string): { list: Record<string, unknown>[]; indexes: number[]; count: number } => {
    const value = obj[key];
    if (value === undefined || value === null) return { list: [], indexes: [], count: 0 };
    if (!Array.isArray(value)) {
      malformed(`${p}.${key}`, 'an array');
      return { list: [], indexes: [], count: 0 };
    }
    const list: Record<string, unknown>[] = [];
    const indexes: number[] = [];
    value.forEach((entry: unknown, i) => {
      if (isRecord(entry)) {
        list.push(entry);
        indexes.push(i);
      } else {
        malformed(`${p}.${key}[${i}]`, 'an object');
      }
    });
    return { list, indexes, count: value.length };
  };

  const root = isRecord(input) ? input : {};
  const ipValue = root['importProcedure'];
  const hasImportProcedureObject = isRecord(ipValue);
  if (ipValue !== undefined && ipValue !== null && !hasImportProcedureObject) malformed(`${p}.importProcedure`, 'an object');
  const ip = hasImportProcedureObject ? ipValue : {};
  const ipPath = `${p}.importProcedure`;

  let hasOutgoingProcedure: boolean | undefined;
  const hop = ip['hasOutgoingProcedure'];
  if (typeof hop === 'boolean') {
    hasOutgoingProcedure = hop;
  } else if (typeof hop === 'string' && /^(true|false)$/i.test(hop.trim())) {
    hasOutgoingProcedure = hop.trim().toLowerCase() === 'true';
    warnings.push({
      code: 'PROCEDURE_HAS_OUTGOING_PROCEDURE_NOT_BOOLEAN',
      message: `${ipPath}.hasOutgoingProcedure is the string "${hop}"; send the JSON boolean ${String(hasOutgoingProcedure)}`,
      messageElementPath: `${ipPath}.hasOutgoingProcedure`,
    });
  } else if (hop !== undefined && hop !== null) {
    malformed(`${ipPath}.hasOutgoingProcedure`, 'a boolean');
  }

  const docs = entries(root, 'previousDocuments');
  const exports = entries(root, 'exportFromEU');
  const goods = entries(root, 'goodsItem');
  return {
    hasImportProcedureObject,
    importProcedure: text(ip, 'importProcedure', ipPath),
    outgoingProcedure: text(ip, 'outgoingProcedure', ipPath),
    hasOutgoingProcedure,
    previousDocuments: docs.list.map((d, k) => {
      const index = docs.indexes[k] ?? k;
      const path = `${p}.previousDocuments[${index}]`;
      return {
        index,
        typeOfReference: text(d, 'typeOfReference', path),
        referenceNumber: text(d, 'referenceNumber', path),
        declarantNumber: text(d, 'declarantNumber', path),
        declarationDate: text(d, 'declarationDate', path),
        sequenceNumber: text(d, 'sequenceNumber', path),
      };
    }),
    exportFromEU: exports.list.map((e, k) => {
      const index = exports.indexes[k] ?? k;
      const path = `${p}.exportFromEU[${index}]`;
      return { index, exportId: text(e, 'exportId', path), typeOfExport: text(e, 'typeOfExport', path) };
    }),
    goodsItem: goods.list.map((g, k) => {
      const index = goods.indexes[k] ?? k;
      const path = `${p}.goodsItem[${index}]`;
      const amount = object(g, 'itemAmountInvoicedVOEC', path);
      const commodity = object(g, 'commodityCodeVOEC', path);
      const fiscal = object(g, 'additionalFiscalReferences', path);
      return {
        index,
        value: num(amount, 'value', `${path}.itemAmountInvoicedVOEC`),
        numberOfItems: num(amount, 'numberOfItems', `${path}.itemAmountInvoicedVOEC`),
        harmonizedSystemSubheadingCode: text(commodity, 'harmonizedSystemSubheadingCode', `${path}.commodityCodeVOEC`),
        vatIdentificationNumber: text(fiscal, 'vatIdentificationNumber', `${path}.additionalFiscalReferences`),
      };
    }),
    counts: { previousDocuments: docs.count, exportFromEU: exports.count, goodsItem: goods.count },
  };
}
