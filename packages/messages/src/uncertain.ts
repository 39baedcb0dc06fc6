/**
 * ================================================================================================
 *  UNCERTAIN STRUCTURES — the one place to edit when Customs' official schema (swagger) is known.
 * ================================================================================================
 *
 * Everything here is marked uncertain by docs/digitoll.md §17 (and §7.2, §7.3, §7.5–§7.7, §10.3). Each
 * block says what the sources disagree on, what we chose, and what to change. Nothing outside this
 * file hard-codes these shapes: the notification, presentation, relation, arrival and routing
 * schemas import them from here.
 */
import { RELATION_OBJECT_TYPE_VALUES, isValidCustomsOffice } from '@tollkit/codesets';
import { z } from 'zod';
import { bool, instant, list, mrn, obj, oneOf, optionalText, text } from './lib/fields.js';
import { MUST_BE_VALID_CUSTOMS_OFFICE, MUST_NOT_BE_NULL, mustMatch } from './lib/customs-texts.js';
import { transportDocumentSchema } from './schemas/common.js';

// ------------------------------------------------------------------------------------------------
// 1. Direct consignments (house linked straight to a transport, no master).  §2, §7.1, §7.2, §17
//
// Transport side: `mo-vei-endringer-v1-v2.html` lists the added element as
//   consignmentMasterLevel[] → consignmentHouseLevel[] → transportDocumentHouseLevel{documentNumber,type}
// so a direct house's key hangs under a `consignmentMasterLevel[]` entry, and an entry that only
// carries direct houses has no `transportDocumentMasterLevel` (issue 16 item 3: such an entry must not
// be refused). A root-level `consignmentHouseLevel[]` is not documented: it is an unknown member,
// ignored like any other (and `findIgnoredFields` reports it).
//
// House side: `kobling-oppdatering-og-sletting-EN.html` shows `"directConsignment": true` (location in
// the tree not stated; we put it on `consignmentHouseLevel`) and says the carrier id
// `tranportLevel.carrierIdentificationNumber` [sic] must be the same as the transport's
// `carrier.identificationNumber`. We use the corrected spelling `transportLevel`; change
// `DIRECT_CONSIGNMENT_CARRIER_OBJECT` if the swagger keeps the typo. A direct house without that
// carrier id is an asynchronous FAILURE (`checkNotificationRules`).
// ------------------------------------------------------------------------------------------------

const directHouseListField = {
  consignmentHouseLevel: list(obj({ transportDocumentHouseLevel: transportDocumentSchema })).exactOptional(),
};

/** Extra fields of each `transport.consignmentMasterLevel[]` entry (direct-house keys, H-v1v2 reading). */
export const transportMasterEntryUncertainFields = directHouseListField;
/** Extra root fields of the transport (empty under the H-v1v2 reading). */
export const transportRootUncertainFields = {};

/** JSON key of the object carrying the direct consignment's carrier id on the house. */
export const DIRECT_CONSIGNMENT_CARRIER_OBJECT = 'transportLevel';

/** Extra fields of `consignmentHouseLevel` for direct consignments. */
export const houseDirectConsignmentFields = {
  directConsignment: bool().exactOptional(),
  [DIRECT_CONSIGNMENT_CARRIER_OBJECT]: obj({ carrierIdentificationNumber: text(1, 17) }).exactOptional(),
};

// ------------------------------------------------------------------------------------------------
// 2. Postal receptacle list on the master.  §7.3, §17
//
// H-xlsx (workbook):  consignmentHouseLevel: [ { receptacle: [ { receptacleIdentificationNumber: "<id>" } ] } ]
// SYS DAO (vendor):   consignmentHouseLevel:   { receptacle: [ { receptacleIdentificationNumber: ["<id>", …] } ] }
// Parsing accepts both; `serializeReceptacleIds` writes `RECEPTACLE_LIST_SHAPE` (the official
// workbook's shape) unless told otherwise. Flip the default here once confirmed.
// ------------------------------------------------------------------------------------------------

/** Which serialisation of the master's receptacle list to send. */
export type ReceptacleListShape = 'workbook' | 'vendor';
/** Default shape written by the builders. */
export const RECEPTACLE_LIST_SHAPE: ReceptacleListShape = 'workbook';

const receptacleId = text(1, 35);
const workbookReceptacleList = list(obj({ receptacle: list(obj({ receptacleIdentificationNumber: receptacleId })) }));
const vendorReceptacleList = obj({ receptacle: list(obj({ receptacleIdentificationNumber: list(receptacleId) })) });

/** `consignmentMasterLevel.consignmentHouseLevel` of a postal master: either shape. */
export const masterReceptacleListSchema = z.union([workbookReceptacleList, vendorReceptacleList]);
export type MasterReceptacleList = z.infer<typeof masterReceptacleListSchema>;

/**
 * Serialises receptacle ids for `consignmentMasterLevel.consignmentHouseLevel`.
 *
 * @example
 * ```ts
 * serializeReceptacleIds(['R1', 'R2']);
 * // → [{ receptacle: [{ receptacleIdentificationNumber: 'R1' }, { receptacleIdentificationNumber: 'R2' }] }]
 * ```
 */
export function serializeReceptacleIds(
  ids: readonly string[],
  shape: ReceptacleListShape = RECEPTACLE_LIST_SHAPE,
): MasterReceptacleList {
  if (shape === 'vendor') return { receptacle: [{ receptacleIdentificationNumber: [...ids] }] };
  return [{ receptacle: ids.map((id) => ({ receptacleIdentificationNumber: id })) }];
}

/**
 * Reads receptacle ids from either shape.
 *
 * @example
 * ```ts
 * readReceptacleIds(serializeReceptacleIds(['R1', 'R2'], 'vendor')); // ['R1', 'R2']
 * ```
 */
export function readReceptacleIds(list: MasterReceptacleList): string[] {
  const groups = Array.isArray(list) ? list : [list];
  const ids: string[] = [];
  for (const group of groups)
    for (const r of group.receptacle) {
      const value: string | string[] = r.receptacleIdentificationNumber;
      if (Array.isArray(value)) ids.push(...value);
      else ids.push(value);
    }
  return ids;
}

// ------------------------------------------------------------------------------------------------
// 3. Presentation bodies.  §7.5, §17
//
// Only the ENS body {requestId, customsOfficeOfPresentation, mrn} is confirmed [C-S]. For the
// others `transportMRN` and `consignmentHouseLevel.transportDocumentHouseLevel.documentNumber` are
// documented v2 additions [C-H]; the house `type`, the office on non-ENS bodies, the receptacle
// field name (`receptacleId`, as the routing feed calls it) and the container field name
// (`containerIdentificationNumber`, the MO name for a container number) are inferred [I].
// ------------------------------------------------------------------------------------------------

/** Client-chosen UUID (idempotency key of a presentation call). */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const clientRequestId = () => text(36, 36).refine((v) => v.length !== 36 || UUID_PATTERN.test(v), { error: mustMatch(UUID_PATTERN.source) });
/**
 * A customs office on a presentation or arrival body: 8 characters, validated against the customs office code set
 * (seed 001: "Customs Office of Presentation is validated against the EU code set"; issue 16 item 4) — CL141 for
 * Norwegian offices, a real country code + 6 characters for EU offices (`isValidCustomsOffice`). Synchronous 400
 * with A14's text, as the other presentation references are checked synchronously.
 */
const office = () => text(8, 8).refine((v) => v.length !== 8 || isValidCustomsOffice(v), { error: MUST_BE_VALID_CUSTOMS_OFFICE });

/** POST /presentation/v1/entry-summary-declaration (deprecated). Confirmed [C-S]. */
export const presentEntrySummaryDeclarationSchema = obj({
  requestId: clientRequestId(),
  customsOfficeOfPresentation: office(),
  mrn: mrn(),
});

/**
 * POST /presentation/v1/house-consignment. `documentNumber` replaced the legacy `referenceNumber`,
 * "which is still accepted for ICS2" (docs/digitoll.md §7.5 [C-H], `api/mo/mo-vei-endringer-v1-v2.html`):
 * one of the two is required; `documentNumber` wins when both are sent.
 */
export const presentHouseConsignmentSchema = obj({
  requestId: clientRequestId(),
  customsOfficeOfPresentation: office().exactOptional(),
  transportMRN: mrn().exactOptional(),
  entrySummaryDeclarationMRN: mrn().exactOptional(),
  consignmentHouseLevel: obj({
    transportDocumentHouseLevel: obj({ documentNumber: text(1, 70).exactOptional(), referenceNumber: text(1, 70).exactOptional(), type: optionalText(4, 4) }).superRefine(
      (doc, ctx) => {
        if (doc.documentNumber === undefined && doc.referenceNumber === undefined) ctx.addIssue({ code: 'custom', path: ['documentNumber'], message: MUST_NOT_BE_NULL });
      },
    ),
  }),
});

/**
 * POST /presentation/v1/master-consignment. For ICS2 it replaces the ENS endpoint (docs/digitoll.md §4.2,
 * T-ics2): an ENS is presented here with `entrySummaryDeclarationMRN` alone, so the master waybill
 * is required only without it.
 */
export const presentMasterConsignmentSchema = obj({
  requestId: clientRequestId(),
  customsOfficeOfPresentation: office().exactOptional(),
  transportMRN: mrn().exactOptional(),
  entrySummaryDeclarationMRN: mrn().exactOptional(),
  transportDocumentMasterLevel: transportDocumentSchema.exactOptional(),
}).superRefine((body, ctx) => {
  if (body.transportDocumentMasterLevel === undefined && body.entrySummaryDeclarationMRN === undefined) {
    ctx.addIssue({ code: 'custom', path: ['transportDocumentMasterLevel'], message: MUST_NOT_BE_NULL });
  }
});

/** JSON key of the receptacle id in a receptacle presentation [I]. */
export const PRESENTATION_RECEPTACLE_KEY = 'receptacleId';
/** POST /presentation/v1/receptacle. */
export const presentReceptacleSchema = obj({
  requestId: clientRequestId(),
  customsOfficeOfPresentation: office().exactOptional(),
  transportMRN: mrn().exactOptional(),
  receptacleId: text(1, 35),
});

/** POST /presentation/v1/container (body undocumented [I]). */
export const presentContainerSchema = obj({
  requestId: clientRequestId(),
  customsOfficeOfPresentation: office().exactOptional(),
  transportMRN: mrn().exactOptional(),
  containerIdentificationNumber: text(1, 17),
});

// ------------------------------------------------------------------------------------------------
// 4. Relation (linking) message.  §7.6, §17
//
// The only example has `representative` as a plain string (org. number); the text promises
// "fields for representatives" like the other messages. We follow the example. Object types beyond
// TRANSPORT / MASTER_CONSIGNMENT are inferred (HOUSE_CONSIGNMENT). `documentIssueDate` is not in
// the example; we accept it as optional.
// ------------------------------------------------------------------------------------------------

/** Object types a relation may link (codesets' enum; HOUSE_CONSIGNMENT inferred). */
export const RELATION_OBJECT_TYPES = RELATION_OBJECT_TYPE_VALUES;

/** POST relation body. */
export const relationSchema = obj({
  documentIssueDate: instant().exactOptional(),
  representative: optionalText(1, 17),
  parentObjectType: oneOf(RELATION_OBJECT_TYPES),
  parentObjectReference: mrn(),
  childObjectType: oneOf(RELATION_OBJECT_TYPES),
  childObjectReference: mrn(),
});

// ------------------------------------------------------------------------------------------------
// 5. Arrival message.  §4.4, §7.7, §17
//
// "transport MRN + time of arrival + customs office of arrival"; field names unpublished. We use
// the presentation API's `transportMRN`, and `timeOfArrival` / `customsOfficeOfArrival` by analogy
// with the entry-status response (`timeOfEntry`, `customsOfficeOfEntry`).
// ------------------------------------------------------------------------------------------------

/** POST /arrival/v1 body. */
export const arrivalSchema = obj({
  documentIssueDate: instant().exactOptional(),
  transportMRN: mrn(),
  timeOfArrival: instant(),
  customsOfficeOfArrival: office(),
});

// ------------------------------------------------------------------------------------------------
// 6. Routing item nesting.  §10.3, §17
//
// The docs list `routing` / `routingControlLocation` as item fields; SYS nests `routing` under
// `routingResult` and lacks `receptacleId`/`routingControlLocation`. The routing-item schema
// (schemas/responses.ts) accepts both and calls this to fold root-level values into
// `routingResult`, the nested form winning when both are present.
// ------------------------------------------------------------------------------------------------

/** Fields that may sit at the item root or under `routingResult`. */
export const ROUTING_FIELDS_EITHER_PLACE = ['routing', 'routingControlLocation', 'documentIssueDate', 'visitId'] as const;

/**
 * Moves root-level routing fields into `routingResult` (returns a new object).
 *
 * @example
 * ```ts
 * normaliseRoutingNesting({ routing: 'TO_ENTRY', routingResult: { documentIssueDate: '2026-03-01T08:16:00Z' } });
 * // → { routingResult: { documentIssueDate: '2026-03-01T08:16:00Z', routing: 'TO_ENTRY' } }
 * ```
 */
export function normaliseRoutingNesting(item: Record<string, unknown>): Record<string, unknown> {
  const nested = typeof item['routingResult'] === 'object' && item['routingResult'] !== null
    ? { ...(item['routingResult'] as Record<string, unknown>) }
    : {};
  const out: Record<string, unknown> = { ...item };
  for (const key of ROUTING_FIELDS_EITHER_PLACE) {
    if (nested[key] === undefined && item[key] !== undefined) nested[key] = item[key];
    delete out[key];
  }
  if (nested['id'] === undefined && typeof item['id'] === 'string') nested['id'] = item['id'];
  out['routingResult'] = nested;
  return out;
}
