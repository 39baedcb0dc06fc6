import type { ProcedureWarning, RequiredReference, ValidationErrorListItem } from '../types.js';
import { TYPE_OF_EXPORT_CODES, isOneOf } from './codes.js';
import type { TransportMode } from './codes.js';
import type { ReadInput } from './read-input.js';

/**
 * `hasOutgoingProcedure` against `outgoingProcedure`. Customs reads an omitted flag as `true`
 * (docs/digitoll.md §7.2), so omitting it without an outgoing procedure asks for one that is not there.
 */
export function hasOutgoingProcedureWarnings(read: ReadInput, ipPath: string): ProcedureWarning[] {
  const { outgoingProcedure, hasOutgoingProcedure } = read;
  // true/omitted without outgoingProcedure is an error (checkRejections), not a warning.
  if (hasOutgoingProcedure === false && outgoingProcedure !== undefined) {
    return [{
      code: 'PROCEDURE_HAS_OUTGOING_PROCEDURE_MISMATCH',
      message: `hasOutgoingProcedure is false but outgoingProcedure is ${outgoingProcedure}; send hasOutgoingProcedure: true`,
      messageElementPath: `${ipPath}.hasOutgoingProcedure`,
    }];
  }
  return [];
}

/**
 * What the chosen variant does not use: export types the mode does not list, an exportFromEU list
 * without an outgoing export (TRA is rejected instead, A8), and previousDocuments entries of other
 * types. Entries Customs already rejects are not warned about again.
 */
export function unusedElementWarnings(ctx: {
  read: ReadInput;
  required: readonly RequiredReference[];
  variant: number;
  mode: TransportMode;
  p: string;
  errors: readonly ValidationErrorListItem[];
}): ProcedureWarning[] {
  const { read, required, variant, mode, p, errors } = ctx;
  const warnings: ProcedureWarning[] = [];
  const rejected = (path: string): boolean =>
    errors.some((e) => e.pointer.messageElementPath === path || e.pointer.messageElementPath.startsWith(`${path}.`));

  const exportRef = required.find((r) => r.element === 'exportFromEU');
  if (exportRef !== undefined) {
    for (const entry of read.exportFromEU) {
      if (isOneOf(TYPE_OF_EXPORT_CODES, entry.typeOfExport) && !exportRef.typeOfExport.includes(entry.typeOfExport)) {
        warnings.push({
          code: 'PROCEDURE_TYPE_OF_EXPORT_NOT_LISTED_FOR_MODE',
          message: `typeOfExport ${entry.typeOfExport} is not listed for ${mode} variant ${variant} (listed: ${exportRef.typeOfExport.join(', ')})`,
          messageElementPath: `${p}.exportFromEU[${entry.index}].typeOfExport`,
        });
      }
    }
  } else if (read.counts.exportFromEU > 0 && !rejected(`${p}.exportFromEU`)) {
    warnings.push({
      code: 'PROCEDURE_UNEXPECTED_ELEMENT',
      message: `exportFromEU is not used by variant ${variant} (no outgoing EXP/TRE); Customs will not close these exports`,
      messageElementPath: `${p}.exportFromEU`,
    });
  }

  const usedTypes = new Set(required.flatMap((r) => (r.element === 'previousDocuments' ? [r.typeOfReference] : [])));
  for (const doc of read.previousDocuments) {
    const path = `${p}.previousDocuments[${doc.index}]`;
    if (doc.typeOfReference === undefined || usedTypes.has(doc.typeOfReference) || rejected(path)) continue;
    warnings.push({
      code: 'PROCEDURE_UNEXPECTED_ELEMENT',
      message: `previousDocuments entry ${doc.typeOfReference} is not used by variant ${variant}`,
      messageElementPath: `${path}.typeOfReference`,
    });
  }
  return warnings;
}
