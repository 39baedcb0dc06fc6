import type { z } from 'zod';
import {
  MUST_NOT_BE_BLANK,
  MUST_NOT_BE_NULL,
  type JsonTypeName,
  mustBeOfType,
  mustBeOneOf,
  sizeMustBeBetween,
} from './customs-texts.js';
import { formatPath } from './path.js';
import type { FieldError } from '../types.js';

function jsonType(expected: string): JsonTypeName {
  switch (expected) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'object':
    case 'array':
      return expected;
    case 'int':
      return 'integer';
    default:
      return 'object';
  }
}

/**
 * Fallback error map for issues whose schema did not set a Customs text itself
 * (the field builders in `fields.ts` do for everything they create).
 */
export const customsErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null)
        return issue.expected === 'string' ? MUST_NOT_BE_BLANK : MUST_NOT_BE_NULL;
      return mustBeOfType(jsonType(issue.expected));
    case 'invalid_value':
      return mustBeOneOf(issue.values.map(String));
    case 'too_small':
      return sizeMustBeBetween(Number(issue.minimum), Number.MAX_SAFE_INTEGER);
    case 'too_big':
      return sizeMustBeBetween(0, Number(issue.maximum));
    default:
      return undefined;
  }
};

function collect(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[], out: FieldError[]): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative that came closest (fewest issues), as if it were the only shape.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      collect(best, path, out);
      continue;
    }
    out.push({ field: formatPath(path), error: issue.message });
  }
}

/** Converts zod issues to Customs' `{ field, error }` list (deduplicated, in document order). */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  const out: FieldError[] = [];
  collect(issues, [], out);
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = `${e.field}\u0000${e.error}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
