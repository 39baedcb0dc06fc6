import { isWireInstant } from './fields.js';
import { formatInstant } from '../format-instant.js';
import type { DocumentIssueDate } from '../drafts.js';

/** Formats a `documentIssueDate` option; a string must already be a wire instant. */
export function issueDate(value: DocumentIssueDate): string {
  if (typeof value === 'string') {
    if (!isWireInstant(value)) throw new TypeError(`documentIssueDate must be yyyy-MM-ddTHH:mm:ssZ, got ${JSON.stringify(value)}`);
    return value;
  }
  return formatInstant(value);
}

/** Deep copy without `undefined` / `null` members (so optional fields are absent on the wire). */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => compact(v)) as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = compact(v);
    return out as T;
  }
  return value;
}
