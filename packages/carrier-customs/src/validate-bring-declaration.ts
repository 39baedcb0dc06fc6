import { bringDeclarationRequestSchema, type BringDeclarationRequest } from './bring-declaration-schema.js';
import type { CarrierFieldError } from './errors.js';
import { toFieldErrors } from './lib/field-errors.js';

/** Result of {@link validateBringDeclaration}. */
export type BringDeclarationValidationResult =
  | { ok: true; value: BringDeclarationRequest }
  | { ok: false; errors: CarrierFieldError[] };

/**
 * Validates a Bring customs declaration body (already parsed JSON) against
 * {@link bringDeclarationRequestSchema}. Never throws on bad data.
 *
 * `field` is the dotted path with `[i]` for array indexes, e.g.
 * `customsDeclarations[1].countryCodeOrigin`; the whole body is `(root)`.
 *
 * @example
 * declare const text: string; // a declaration as JSON text
 * const result = validateBringDeclaration(JSON.parse(text));
 * if (!result.ok) for (const e of result.errors) console.log(`${e.field}: ${e.message}`);
 * // shipment.consignmentId: must be at most 35 characters (got 36)
 */
export function validateBringDeclaration(body: unknown): BringDeclarationValidationResult {
  const parsed = bringDeclarationRequestSchema.safeParse(body, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: toFieldErrors(parsed.error.issues) };
}

/**
 * One line summarising validation errors, as the playground puts in a FAILED response's `error`.
 *
 * @example
 * formatBringDeclarationErrors([{ field: 'currencyCode', message: 'is required' }])
 * // 'Invalid customs declaration: currencyCode is required'
 */
export function formatBringDeclarationErrors(errors: readonly CarrierFieldError[]): string {
  return `Invalid customs declaration: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
}
