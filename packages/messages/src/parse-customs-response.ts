import type { z } from 'zod';
import { InvalidResponseError } from './errors.js';
import { formatPath } from './lib/path.js';

/**
 * Parses a Customs response body with one of the response schemas, throwing a coded error that
 * names the offending paths when the body does not have the documented shape.
 *
 * @throws InvalidResponseError (`MESSAGES_INVALID_RESPONSE`, category `bug`).
 * @example
 * declare const json: unknown; // the body Customs answered
 * const status = parseCustomsResponse(validationStatusSchema, json, 'validation-status');
 */
export function parseCustomsResponse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new InvalidResponseError(
    what,
    parsed.error.issues.map((issue) => ({ field: formatPath(issue.path), error: issue.message })),
  );
}
