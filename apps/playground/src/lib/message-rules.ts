import { type NotificationBodies, type NotificationOperation, type RequestBodyKind, checkNotificationRules, validateNotification, validateRequestBody } from '@tollkit/messages';
import { assessProcedure } from '@tollkit/procedures';
import { isValidExportId } from '@tollkit/codesets';
import { REFERENCE_DATA, declarationKey, normalisePlate } from './reference-data.js';
import { type NotificationLevel, type TransportMode, arr, houseLevel, obj, str } from './domain.js';

/** Customs' synchronous error item. */
export interface FieldError {
  field: string;
  error: string;
}

/** Customs' asynchronous error item. */
export interface ValidationErrorListItem {
  description: string;
  pointer: { messageElementPath: string };
}

/** Synchronous (400) validation of an MO notification body (`@tollkit/messages`); `value` is what it understood. */
export function validateNotificationBody(level: NotificationLevel, body: unknown, mode: TransportMode): { errors: FieldError[]; value: unknown } {
  const result = validateNotification(level, body, mode);
  return result.ok ? { errors: [], value: result.value } : { errors: result.errors, value: undefined };
}

/**
 * Synchronous checks of the other request bodies (presentation, relation, arrival, DELETE) with the shared schemas,
 * merged with the playground's own `extra` checks (an extra error is added only for a field not yet reported).
 */
export function validateOtherBody(kind: RequestBodyKind, body: unknown, extra: FieldError[] = []): FieldError[] {
  const result = validateRequestBody(kind, body);
  const errors = result.ok ? [] : [...result.errors];
  for (const e of extra) if (!errors.some((x) => x.field === e.field)) errors.push(e);
  return errors;
}

/** How a notification is judged: when, as what, and whether the vehicle register (B8) is consulted. */
export interface AsyncRuleOptions {
  now: number;
  operation: NotificationOperation;
  vehicleRegister: boolean;
  /**
   * Houses: receives the `incompleteDocumentationReasonList` of the procedure assessment the rules were judged
   * with (what {@link incompleteReasons} gives for the same body: the assessment reads null members as absent and
   * no member the schema drops), so processing need not assess the procedure again.
   */
  onIncompleteReasons?: (reasons: string[]) => void;
}

/** Asynchronous (FAILURE) rules from `@tollkit/messages` plus the playground's reference data (§11, data/reference/). */
export async function checkAsyncRules(
  level: NotificationLevel,
  value: unknown,
  body: Record<string, unknown>,
  mode: TransportMode,
  options: AsyncRuleOptions,
): Promise<ValidationErrorListItem[]> {
  const onIncompleteReasons = options.onIncompleteReasons;
  const shared = await checkNotificationRules(level, value as NotificationBodies[typeof level], mode, {
    now: options.now,
    operation: options.operation,
    ...(onIncompleteReasons === undefined
      ? {}
      : {
          onProcedureAssessment(a) {
            onIncompleteReasons([...a.incompleteReasons]);
          },
        }),
  });
  const local =
    level === 'house-consignment' ? referenceDataErrors(body, mode) : level === 'transport' && options.vehicleRegister ? vehicleRegisterErrors(body, mode) : [];
  const seen = new Set<string>();
  const out: ValidationErrorListItem[] = [];
  for (const e of [...shared, ...local]) {
    const k = `${e.description}\u0000${e.pointer.messageElementPath}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(e);
    }
  }
  return out;
}

/** `incompleteDocumentationReasonList` for a house (procedure rules, §9). */
export function incompleteReasons(body: Record<string, unknown>, mode: TransportMode): string[] {
  const chl = houseLevel(body);
  if (chl === undefined) return [];
  return [...assessProcedure(chl, mode).incompleteReasons];
}

function item(description: string, messageElementPath: string): ValidationErrorListItem {
  return { description, pointer: { messageElementPath } };
}

/**
 * Playground reference data (docs/digitoll.md §11) in its original shape: the OPEN TVINN declarations of
 * `data/reference/tvinn-declarations.csv` (declarant 123456789, 2022-08-10, sequence 1…10) and the VOEC numbers.
 */
export const PLAYGROUND_REFERENCE = {
  tvinn: { declarantNumber: '123456789', declarationDate: '2022-08-10', sequenceNumbers: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] },
  voecNumbers: ['2056550'],
} as const;

/** B8: a road transport with countryCode NO must carry a plate the vehicle register knows (`data/reference/vehicle-register.csv`). */
export function vehicleRegisterErrors(body: Record<string, unknown>, mode: TransportMode): ValidationErrorListItem[] {
  const means = obj(body['activeBorderTransportMeans']);
  const plate = str(means?.['identificationNumber']);
  if (mode !== 'road' || str(means?.['countryCode']) !== 'NO' || plate === undefined) return [];
  if (REFERENCE_DATA.vehicles.has(normalisePlate(plate))) return [];
  return [item('Could not find identificationNumber in Norwegian Public Roads Administration’s register of motor vehicles', 'activeBorderTransportMeans.identificationNumber')];
}

/** A4/A5 (road only): an AES or EIDR export must be known (`data/reference/export-declarations.csv`) and RELEASED. */
function exportErrors(chl: Record<string, unknown>, mode: TransportMode): ValidationErrorListItem[] {
  if (mode !== 'road') return [];
  const errors: ValidationErrorListItem[] = [];
  arr(chl['exportFromEU']).forEach((raw, i) => {
    const e = obj(raw);
    const type = str(e?.['typeOfExport']);
    const id = str(e?.['exportId']);
    if (id === undefined || (type !== 'AES_EXPORT' && type !== 'EIDR_EXPORT') || !isValidExportId(type, id)) return; // A1/A3 report those
    const known = REFERENCE_DATA.exports.get(id);
    if (known === undefined || known.typeOfExport !== type || known.state !== 'RELEASED') {
      errors.push(item(`Export of type ${type} is not found or has wrong status in AES.`, `consignmentHouseLevel.exportFromEU[${i}].exportId`));
    }
  });
  return errors;
}

/**
 * Checks references against the playground's static data: B9/B10 (CUDE against `tvinn-declarations.csv`), A10 (N820),
 * A12 (VOEC), A4/A5 (exports against `export-declarations.csv`, road only).
 */
export function referenceDataErrors(body: Record<string, unknown>, mode: TransportMode): ValidationErrorListItem[] {
  const chl = houseLevel(body);
  if (chl === undefined) return [];
  const errors: ValidationErrorListItem[] = [];
  arr(chl['previousDocuments']).forEach((raw, i) => {
    const d = obj(raw);
    if (d === undefined) return;
    const type = str(d['typeOfReference']);
    const base = `consignmentHouseLevel.previousDocuments[${i}]`;
    if (type === 'CUDE') {
      const declarant = str(d['declarantNumber']);
      const date = str(d['declarationDate']);
      const seq = str(d['sequenceNumber']);
      if (declarant === undefined || date === undefined || seq === undefined) return; // incomplete, not invalid
      const state = REFERENCE_DATA.declarations.get(declarationKey(declarant, date, seq));
      if (state === undefined) errors.push(item('Customs declaration is not valid', base));
      else if (state !== 'OPEN') errors.push(item('Customs declaration is in wrong state', base));
    } else if (type === 'N820') {
      const ref = str(d['referenceNumber']);
      if (ref !== undefined && (ref.toUpperCase().includes('INVALID') || !/^[A-Za-z0-9]{18}$/.test(ref))) {
        errors.push(item('Document with typeOfReference N820 contains a referenceNumber in wrong state', `${base}.referenceNumber`));
      }
    }
  });
  arr(chl['goodsItem']).forEach((raw, i) => {
    const vat = str(obj(obj(raw)?.['additionalFiscalReferences'])?.['vatIdentificationNumber']);
    if (vat !== undefined && !(PLAYGROUND_REFERENCE.voecNumbers as readonly string[]).includes(vat)) {
      errors.push(item('Unknown vatIdentificationNumber', `consignmentHouseLevel.goodsItem[${i}].additionalFiscalReferences.vatIdentificationNumber`));
    }
  });
  errors.push(...exportErrors(chl, mode));
  return errors;
}
