/**
 * Reusable objects of all notifications (docs/digitoll.md §6.2). Sizes from the size columns.
 */
import { z } from 'zod';
import { atLeastOneNonNull } from '../lib/customs-texts.js';
import { integer, list, obj, optionalText, text } from '../lib/fields.js';

const addressFields = {
  city: text(1, 35),
  country: text(2, 2),
  subDivision: optionalText(1, 35),
  postcode: optionalText(1, 17),
  streetLine: optionalText(1, 70),
  streetAdditionalLine: optionalText(1, 70),
  number: optionalText(1, 35),
  poBox: optionalText(1, 70),
};

/** Address of a representative or carrier: city and country mandatory. */
export const addressSchema = obj(addressFields);
export type Address = z.infer<typeof addressSchema>;

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Address of a consignor/consignee: `postcode` mandatory (since 2024-04-01) and at least one of
 * `streetLine` / `poBox` (error on the address object itself).
 */
export const partyAddressSchema = obj({ ...addressFields, postcode: text(1, 17) }).refine(
  (a: unknown) => {
    if (typeof a !== 'object' || a === null) return true;
    const r = a as Record<string, unknown>;
    return hasValue(r['streetLine']) || hasValue(r['poBox']);
  },
  { error: atLeastOneNonNull(['streetLine', 'poBox']), when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);
export type PartyAddress = z.infer<typeof partyAddressSchema>;

/** Communication: e-mail (`EM`) or telephone (`TE`), CL707. */
export const communicationSchema = obj({
  identifier: text(1, 512),
  type: text(1, 3),
});
export type Communication = z.infer<typeof communicationSchema>;

/** Consignor / consignee on master and house. `typeOfPerson` is an integer (CL729). */
export const partySchema = obj({
  name: text(1, 70),
  identificationNumber: optionalText(1, 17),
  typeOfPerson: integer(),
  address: partyAddressSchema,
  communication: list(communicationSchema).exactOptional(),
});
export type Party = z.infer<typeof partySchema>;

/** Place of loading/unloading/acceptance/delivery; `unloCode` required if neither location nor address (async A9). */
export const placeSchema = obj({
  location: optionalText(1, 35),
  unloCode: optionalText(1, 17),
  address: obj({ country: text(2, 2) }).exactOptional(),
});
export type Place = z.infer<typeof placeSchema>;

/** Transport equipment (trailer, container…); CL710 / CL709 / CL711. */
export const transportEquipmentSchema = obj({
  containerSizeAndType: text(1, 2),
  containerPackedStatus: text(1, 1),
  containerSupplierType: text(1, 1),
  containerIdentificationNumber: text(1, 17),
});
export type TransportEquipment = z.infer<typeof transportEquipmentSchema>;

/** Transport document key (`documentNumber` + CL754 `type`), used for master and house levels. */
export const transportDocumentSchema = obj({
  documentNumber: text(1, 70),
  type: text(4, 4),
});
export type TransportDocument = z.infer<typeof transportDocumentSchema>;
export type TransportDocumentMasterLevel = TransportDocument;
export type TransportDocumentHouseLevel = TransportDocument;

/** Release-confirmation e-mail (≤ 3 on a representative). */
export const releasedConfirmationSchema = obj({ emailAddress: text(1, 512) });

/** Customs representative (root of every notification, optional). */
export const representativeSchema = obj({
  name: text(1, 70),
  identificationNumber: text(1, 17),
  address: addressSchema,
  communication: list(communicationSchema, { min: 1 }),
  releasedConfirmation: list(releasedConfirmationSchema, { max: 3 }).exactOptional(),
});
export type Representative = z.infer<typeof representativeSchema>;
