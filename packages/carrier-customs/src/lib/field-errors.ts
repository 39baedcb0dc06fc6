import type { z } from 'zod';
import type { CarrierFieldError } from '../errors.js';

/** `['goods', 0, 'unit_weight']` → `goods[0].unit_weight`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Turns zod issues into `{ field, message }` pairs. Missing values read "is required" (parse with
 * `reportInput: true`); other messages come from the schema's own `error` texts. Duplicate pairs
 * are dropped.
 */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): CarrierFieldError[] {
  const seen = new Set<string>();
  const out: CarrierFieldError[] = [];
  for (const issue of issues) {
    const field = formatPath(issue.path);
    const message = messageOf(issue);
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field, message });
  }
  return out;
}

function messageOf(issue: z.core.$ZodIssue): string {
  // zod's own texts for a missing value ("Invalid input: expected …, received undefined") read
  // better as "is required"; this needs the parse option `reportInput: true`.
  if (
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
    'input' in issue &&
    issue.input === undefined &&
    issue.message.startsWith('Invalid')
  ) {
    return 'is required';
  }
  if (issue.code === 'unrecognized_keys') return `has unknown field(s) ${issue.keys.join(', ')}`;
  return issue.message;
}

/** Shortens a value for an error message (never used for secrets). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
