/**
 * Response schemas (docs/digitoll.md §8, §10.3). Lenient by design: unknown fields are kept, `null`
 * means absent, unknown enum values are kept as strings, instants may carry milliseconds, and
 * numbers/booleans may arrive as strings.
 */
import {
  DOCUMENT_STATUS_VALUES,
  ROUTING_CONTROL_LOCATION_VALUES,
  ROUTING_DECISION_VALUES,
  VALIDATION_OUTCOME_VALUES,
} from '@tollkit/codesets';
import { z } from 'zod';
import { booleanLike, dropNulls, lenient, numberLike, openEnum, responseInstant } from '../lib/lenient.js';
import { normaliseRoutingNesting } from '../uncertain.js';

/** HTTP 202 body of every POST/PUT/DELETE: `{ requestId }`. */
export const acceptedResponseSchema = lenient(z.looseObject({ requestId: z.string().min(1) }));
export type AcceptedResponse = z.infer<typeof acceptedResponseSchema>;

/** One `{field, error}` of a 400 body (`error` optional in Customs' schema). */
export const fieldErrorSchema = z.looseObject({ field: z.string(), error: z.string().optional() });

/** HTTP 400 body: `{ validationErrors: [{field, error}] }`. */
export const validationErrorsResponseSchema = lenient(z.looseObject({ validationErrors: z.array(fieldErrorSchema) }));
export type ValidationErrorsResponse = z.infer<typeof validationErrorsResponseSchema>;

/** One asynchronous error of a FAILURE. */
export const validationErrorListItemSchema = z.looseObject({
  description: z.string(),
  pointer: z.looseObject({ messageElementPath: z.string() }).optional(),
});

/** `GET …/validation-status/{requestId}` (finished): SUCCESS (+MRN) or FAILURE (+errors). */
export const validationStatusSchema = lenient(
  z.looseObject({
    status: openEnum(VALIDATION_OUTCOME_VALUES),
    requestId: z.string().optional(),
    notificationDate: responseInstant().optional(),
    mrn: z.string().optional(),
    validationErrorList: z.array(validationErrorListItemSchema).default([]),
    incompleteDocumentationReasonList: z.array(z.string()).default([]),
    /** Seen only in SYS's DTO; meaning undocumented. */
    eoriValidation: z.looseObject({ isValid: booleanLike().optional(), message: z.string().optional() }).optional(),
  }),
);
export type ValidationStatus = z.infer<typeof validationStatusSchema>;

/** Document status object (§8.4), e.g. of `/house-consignment/{mrn}/transport-document/status`. */
export const documentStatusSchema = lenient(
  z.looseObject({
    documentNumber: z.string(),
    type: z.string(),
    documentStatus: openEnum(DOCUMENT_STATUS_VALUES).optional(),
    incompleteDocumentationReasonList: z.array(z.string()).default([]),
    /** Master list items: false = key on the transport but the master message not received. */
    received: booleanLike().optional(),
  }),
);
export type DocumentStatusItem = z.infer<typeof documentStatusSchema>;

/** The list forms (`…/transport-document/status` of a master or transport, receptacle lookups). */
export const documentStatusListSchema = z.array(documentStatusSchema);

const houseDescendantSchema = z.looseObject({
  documentNumber: z.string(),
  type: z.string(),
  weight: numberLike().optional(),
  status: openEnum(DOCUMENT_STATUS_VALUES).optional(),
});

/** A master with its houses in `status-with-descendants`. */
export const masterWithDescendantsSchema = z.looseObject({
  documentNumber: z.string(),
  type: z.string(),
  weight: numberLike().optional(),
  sumOfWeightForHouseConsignments: numberLike().optional(),
  received: booleanLike().optional(),
  houseConsignments: z.array(houseDescendantSchema).default([]),
});

/**
 * `GET /transport/{mrn}/status-with-descendants` (weights, masters, houses). Numbers and booleans
 * may be strings (as SYS models them); they are normalised to numbers/booleans.
 */
export const statusWithDescendantsSchema = lenient(
  z.looseObject({
    sumOfWeightForMasterConsignments: numberLike().optional(),
    sumOfWeightForHouseConsignments: numberLike().optional(),
    masterConsignments: z.array(masterWithDescendantsSchema).default([]),
  }),
);
export type StatusWithDescendants = z.infer<typeof statusWithDescendantsSchema>;

/** `GET /master-consignment/{mrn}/status-with-descendants`: one master object with its houses. */
export const masterStatusWithDescendantsSchema = lenient(masterWithDescendantsSchema);
export type MasterStatusWithDescendants = z.infer<typeof masterStatusWithDescendantsSchema>;

/** `GET …/entry/status/{transportMrn}` (§8.6). */
export const entryStatusSchema = lenient(
  z.looseObject({
    validEntry: booleanLike(),
    customsOfficeOfEntry: z.string().optional(),
    timeOfEntry: responseInstant().optional(),
    mrn: z.string().optional(),
  }),
);
export type EntryStatus = z.infer<typeof entryStatusSchema>;

/**
 * One routing feed item (§10.3). `routing`, `routingControlLocation`, `documentIssueDate` and
 * `visitId` are accepted at the root or under `routingResult` and always come out under
 * `routingResult` (see uncertain.ts).
 */
export const routingItemSchema = z.preprocess(
  (v) => {
    const cleaned = dropNulls(v);
    return typeof cleaned === 'object' && cleaned !== null && !Array.isArray(cleaned)
      ? normaliseRoutingNesting(cleaned as Record<string, unknown>)
      : cleaned;
  },
  z.looseObject({
    transportDocumentHouseLevel: z
      .looseObject({ referenceNumber: z.string().optional(), documentNumber: z.string().optional(), type: z.string().optional() })
      .optional(),
    entrySummaryDeclarationMRN: z.string().optional(),
    receptacleId: z.string().optional(),
    routingResult: z.looseObject({
      id: z.string().min(1),
      routing: openEnum(ROUTING_DECISION_VALUES).optional(),
      routingControlLocation: openEnum(ROUTING_CONTROL_LOCATION_VALUES).optional(),
      documentIssueDate: responseInstant().optional(),
      visitId: z.string().optional(),
    }),
    estimatedTimeOfArrival: responseInstant().optional(),
    scheduledTimeOfArrival: responseInstant().optional(),
    activeBorderTransportMeans: z
      .looseObject({ identificationNumber: z.string().optional(), typeOfIdentification: z.string().optional() })
      .optional(),
  }),
);
export type RoutingItem = z.infer<typeof routingItemSchema>;

/** A routing feed page: a JSON array of ≤ 1000 items, oldest first. */
export const routingFeedSchema = z.array(routingItemSchema);

