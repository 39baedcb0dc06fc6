import { type NotificationBodies, type NotificationOperation, type RequestBodyKind, checkNotificationRules, validateNotification, validateRequestBody } from '@tollkit/messages';
import { assessProcedure } from '@tollkit/procedures';
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

/** Asynchronous (FAILURE) rules from `@tollkit/messages` plus the playground's reference data (§11). */
export async function checkAsyncRules(
  level: NotificationLevel,
  value: unknown,
  body: Record<string, unknown>,
  mode: TransportMode,
  now: number,
  operation: NotificationOperation,
): Promise<ValidationErrorListItem[]> {
  const shared = await checkNotificationRules(level, value as NotificationBodies[typeof level], mode, { now, operation });
  const local = level === 'house-consignment' ? referenceDataErrors(body) : [];
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

/** Playground reference data (DIGITOLL.md §11): TVINN declarations, NCTS references, VOEC numbers. */
export const PLAYGROUND_REFERENCE = {
  tvinn: { declarantNumber: '123456789', declarationDate: '2022-08-10', sequenceNumbers: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] },
  voecNumbers: ['2056550'],
} as const;

/** Checks references against the playground's static data: B9 (CUDE), A10 (N820), A12 (VOEC). */
export function referenceDataErrors(body: Record<string, unknown>): ValidationErrorListItem[] {
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
      const t = PLAYGROUND_REFERENCE.tvinn;
      const known = declarant === t.declarantNumber && date === t.declarationDate && (t.sequenceNumbers as readonly string[]).includes(seq);
      if (!known) errors.push(item('Customs declaration is not valid', base));
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
  return errors;
}
