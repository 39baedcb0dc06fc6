import type { z } from 'zod';
import { customsErrorMap, toFieldErrors } from './lib/field-errors.js';
import { dropNulls } from './lib/lenient.js';
import { deleteNotificationSchema } from './schemas/delete-notification.js';
import { houseConsignmentSchema } from './schemas/house-consignment.js';
import { masterConsignmentSchema } from './schemas/master-consignment.js';
import { transportSchema } from './schemas/transport.js';
import type { ValidationResult } from './types.js';
import {
  arrivalSchema,
  presentContainerSchema,
  presentEntrySummaryDeclarationSchema,
  presentHouseConsignmentSchema,
  presentMasterConsignmentSchema,
  presentReceptacleSchema,
  relationSchema,
} from './uncertain.js';

/** Every request body this package models, by a name that follows the endpoint. */
export const requestBodySchemas = {
  transport: transportSchema,
  'master-consignment': masterConsignmentSchema,
  'house-consignment': houseConsignmentSchema,
  delete: deleteNotificationSchema,
  relation: relationSchema,
  arrival: arrivalSchema,
  'presentation/house-consignment': presentHouseConsignmentSchema,
  'presentation/master-consignment': presentMasterConsignmentSchema,
  'presentation/receptacle': presentReceptacleSchema,
  'presentation/container': presentContainerSchema,
  'presentation/entry-summary-declaration': presentEntrySummaryDeclarationSchema,
} as const;

/** Name of a request body kind. */
export type RequestBodyKind = keyof typeof requestBodySchemas;
/** The body type of a request kind. */
export type RequestBody<K extends RequestBodyKind> = z.infer<(typeof requestBodySchemas)[K]>;

/**
 * Synchronous checks of any request body (DELETE, relation, arrival, presentation, or a
 * notification without mode-specific rules), in Customs' `{ field, error }` shape.
 *
 * @throws TypeError for an unknown kind.
 * @example validateRequestBody('delete', { documentIssueDate: '2025-03-01T08:15:00Z' }) // { ok: true, … }
 */
export function validateRequestBody<K extends RequestBodyKind>(kind: K, body: unknown): ValidationResult<RequestBody<K>> {
  const schema = (requestBodySchemas as Record<string, z.ZodType | undefined>)[kind];
  if (schema === undefined) throw new TypeError(`unknown request body kind ${JSON.stringify(kind)}`);
  const parsed = schema.safeParse(dropNulls(body), { error: customsErrorMap });
  if (parsed.success) return { ok: true, value: parsed.data as RequestBody<K> };
  return { ok: false, errors: toFieldErrors(parsed.error.issues) };
}
