/**
 * Transport notification (docs/digitoll.md §7.1, road v2 baseline; §7.4 mode differences).
 */
import type { z } from 'zod';
import { MUST_NOT_BE_NULL } from '../lib/customs-texts.js';
import { instant, list, obj, optionalText, text } from '../lib/fields.js';
import type { TransportMode } from '@tollkit/codesets';
import { transportMasterEntryUncertainFields, transportRootUncertainFields } from '../uncertain.js';
import { addressSchema, communicationSchema, representativeSchema, transportDocumentSchema } from './common.js';

function activeBorderTransportMeansSchemaFor(mode: TransportMode | undefined) {
  return obj({
    identificationNumber: text(1, 35),
    typeOfIdentification: text(2, 2),
    typeOfMeansOfTransport: text(1, 4),
    // Air: the IATA flight number, required. Road/rail: must not be sent (async B6). Sea: voyage no.
    conveyanceReferenceNumber: mode === 'air' ? text(1, 17) : optionalText(1, 17),
    countryCode: text(2, 2),
    modeOfTransportCode: text(1, 1),
    operator: obj({
      name: text(1, 70),
      communication: list(communicationSchema, { min: 1 }),
    }),
  });
}

/** Carrier on the transport (its `identificationNumber` is the linking key). */
export const transportCarrierSchema = obj({
  name: text(1, 70),
  identificationNumber: text(1, 17),
  address: addressSchema,
  communication: list(communicationSchema).exactOptional(),
});

/**
 * One entry of the transport's `consignmentMasterLevel[]`: the key of a master on board, and/or the keys of
 * direct houses (`consignmentHouseLevel[]`, see uncertain.ts). An entry with neither reports the master key
 * as missing.
 */
export const transportMasterEntrySchema = obj({
  transportDocumentMasterLevel: transportDocumentSchema.exactOptional(),
  ...transportMasterEntryUncertainFields,
}).refine(
  (entry) => entry.transportDocumentMasterLevel !== undefined || (entry.consignmentHouseLevel?.length ?? 0) > 0,
  { error: MUST_NOT_BE_NULL, path: ['transportDocumentMasterLevel'] },
);

function buildTransportSchema(mode: TransportMode | undefined) {
  return obj({
    documentIssueDate: instant(),
    representative: representativeSchema.exactOptional(),
    activeBorderTransportMeans: activeBorderTransportMeansSchemaFor(mode),
    carrier: transportCarrierSchema,
    customsOfficeOfFirstEntry: obj({ referenceNumber: text(8, 8) }),
    // Mandatory, but a missing arrival time is an asynchronous FAILURE (B1/B3), not a 400.
    estimatedDateAndTimeOfArrival: instant().exactOptional(),
    scheduledDateAndTimeOfArrival: instant().exactOptional(),
    consignmentMasterLevel: list(transportMasterEntrySchema).exactOptional(),
    ...transportRootUncertainFields,
  });
}

/** Transport body, mode-independent (conveyanceReferenceNumber optional). */
export const transportSchema = buildTransportSchema(undefined);
/** Transport body. */
export type Transport = z.infer<typeof transportSchema>;
export type ActiveBorderTransportMeans = Transport['activeBorderTransportMeans'];
export type TransportCarrier = Transport['carrier'];

const byMode = {
  road: buildTransportSchema('road'),
  air: buildTransportSchema('air'),
  rail: buildTransportSchema('rail'),
  maritime: buildTransportSchema('maritime'),
} as const;

/**
 * The transport schema for one mode's API: air requires `conveyanceReferenceNumber` (flight number).
 *
 * @example
 * declare const body: unknown; // a transport notification as parsed JSON
 * const parsed = transportSchemaFor('air').safeParse(body);
 */
export function transportSchemaFor(mode: TransportMode): typeof transportSchema {
  return byMode[mode];
}
