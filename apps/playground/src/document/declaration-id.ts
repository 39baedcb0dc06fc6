import { PLAYGROUND_REFERENCE } from '../lib/message-rules.js';
import { REFERENCE_DATA, declarationKey } from '../lib/reference-data.js';

/** A TVINN declaration id split into its parts (docs/digitoll.md §1.2, §4.5). */
export interface DeclarationId {
  declarantNumber: string;
  /** `yyyy-MM-dd`, as CUDE references write it. */
  declarationDate: string;
  sequenceNumber: string;
}

const PATTERN = /^(\d{9,11})-(\d{2})(\d{2})(\d{4})-(\d{1,6})$/;

/**
 * Parses `<declarantNumber>-<ddmmyyyy>-<sequenceNumber>` (e.g. `123456789-01092023-1`): declarant number 9–11 digits,
 * a real calendar date, sequence number 1–6 digits. Returns the parts or the reason it is not one.
 */
export function parseDeclarationId(value: string): { ok: true; id: DeclarationId } | { ok: false; error: string } {
  const m = PATTERN.exec(value);
  if (m === null) {
    return { ok: false, error: `must be <declarantNumber>-<ddmmyyyy>-<sequenceNumber> (9-11 digits, 8 digits, 1-6 digits), e.g. 123456789-01092023-1; got ${JSON.stringify(value)}` };
  }
  const [, declarantNumber = '', dd = '', mm = '', yyyy = '', sequenceNumber = ''] = m;
  const day = Number(dd);
  const month = Number(mm);
  const year = Number(yyyy);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || day < 1 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, error: `the date part ${dd}${mm}${yyyy} is not a real date (ddmmyyyy)` };
  }
  return { ok: true, id: { declarantNumber, declarationDate: `${yyyy}-${mm}-${dd}`, sequenceNumber } };
}

/**
 * True when the declaration is one of the playground's TVINN declarations (`data/reference/tvinn-declarations.csv`:
 * declarant `123456789`, date 2022-08-10, sequence 1…10 OPEN, 90 COMPLETED, 91 CANCELLED) — the declarations a CUDE reference names.
 */
export function isKnownDeclaration(id: DeclarationId): boolean {
  return REFERENCE_DATA.declarations.has(declarationKey(id.declarantNumber, id.declarationDate, id.sequenceNumber));
}

/** The known declaration ids, for messages (`123456789-10082022-1` … `-10`). */
export function knownDeclarationIdsText(): string {
  const t = PLAYGROUND_REFERENCE.tvinn;
  const [y, m, d] = t.declarationDate.split('-');
  const first = t.sequenceNumbers[0];
  const last = t.sequenceNumbers[t.sequenceNumbers.length - 1];
  return `${t.declarantNumber}-${d}${m}${y}-${first} … ${t.declarantNumber}-${d}${m}${y}-${last}`;
}
