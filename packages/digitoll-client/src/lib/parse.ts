import type { z } from 'zod';
import { ResponseInvalidError } from '../errors.js';
import type { RawResponse } from './http.js';

/** Validates a 2xx body with a `@tollkit/messages` schema; a mismatch is a {@link ResponseInvalidError}. */
export function parseResponse<S extends z.ZodType>(schema: S, response: RawResponse, what: string): z.infer<S> {
  const result = schema.safeParse(response.body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.length === 0 ? '(root)' : i.path.join('.')}: ${i.message}`);
  throw new ResponseInvalidError(`${response.endpoint}: the ${what} does not match its schema`, issues, {
    status: response.status,
    endpoint: response.endpoint,
  });
}
