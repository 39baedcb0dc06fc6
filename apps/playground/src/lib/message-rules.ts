import * as messagesModule from '@tollkit/messages';
import * as proceduresModule from '@tollkit/procedures';
import { parseInstant } from './clock.js';
import { type NotificationLevel, type TransportMode, arr, houseLevel, isRecordValue, obj, str } from './domain.js';

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

type ValidateNotification = (level: NotificationLevel, body: unknown, mode: TransportMode) => { ok: true; value: unknown } | { ok: false; errors: FieldError[] };
type CheckNotificationRules = (level: NotificationLevel, body: unknown, mode: TransportMode, options: { now: number }) => ValidationErrorListItem[] | Promise<ValidationErrorListItem[]>;
type AssessProcedure = (input: unknown, mode: TransportMode) => { incompleteReasons: readonly string[] };

// The messages/procedures packages are written concurrently; this adapter uses their contract
// (ARCHITECTURE.md) when it is exported and a narrow structural fallback otherwise.
const messages = messagesModule as unknown as Partial<{ validateNotification: ValidateNotification; checkNotificationRules: CheckNotificationRules }>;
const procedures = proceduresModule as unknown as Partial<{ assessProcedure: AssessProcedure }>;

/** True when the shared validators from `@tollkit/messages` are in use (false = structural fallback). */
export const usesSharedValidators = typeof messages.validateNotification === 'function' && typeof messages.checkNotificationRules === 'function';

/** Synchronous (400) validation of an MO notification body; `value` is what the shared validator understood. */
export function validateNotificationBody(level: NotificationLevel, body: unknown, mode: TransportMode): { errors: FieldError[]; value: unknown } {
  if (messages.validateNotification !== undefined) {
    const result = messages.validateNotification(level, body, mode);
    return result.ok ? { errors: [], value: result.value } : { errors: result.errors, value: undefined };
  }
  return { errors: fallbackValidate(level, body), value: body };
}

/** Asynchronous (FAILURE) rules from `@tollkit/messages` plus the playground's reference data (§11). */
export async function checkAsyncRules(level: NotificationLevel, value: unknown, body: Record<string, unknown>, mode: TransportMode, now: number): Promise<ValidationErrorListItem[]> {
  const shared = messages.checkNotificationRules !== undefined ? await messages.checkNotificationRules(level, value, mode, { now }) : [];
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
  if (chl === undefined || procedures.assessProcedure === undefined) return [];
  return [...procedures.assessProcedure(chl, mode).incompleteReasons];
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

const ROOT: Record<NotificationLevel, string | undefined> = {
  transport: undefined,
  'master-consignment': 'consignmentMasterLevel',
  'house-consignment': 'consignmentHouseLevel',
};

/** Narrow structural check used only while `@tollkit/messages` does not export `validateNotification`. */
function fallbackValidate(level: NotificationLevel, body: unknown): FieldError[] {
  if (!isRecordValue(body)) return [{ field: 'body', error: 'must not be null' }];
  const errors: FieldError[] = [];
  const issued = body['documentIssueDate'];
  if (issued === undefined || issued === null) errors.push({ field: 'documentIssueDate', error: 'must not be null' });
  else if (parseInstant(issued) === undefined) errors.push({ field: 'documentIssueDate', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' });
  const root = ROOT[level];
  if (root !== undefined && !isRecordValue(body[root])) errors.push({ field: root, error: 'must not be null' });
  if (level === 'transport') {
    for (const f of ['activeBorderTransportMeans', 'carrier', 'customsOfficeOfFirstEntry']) if (!isRecordValue(body[f])) errors.push({ field: f, error: 'must not be null' });
  }
  return errors;
}
