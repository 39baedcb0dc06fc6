/**
 * House consignment notification (docs/digitoll.md §7.2).
 */
import type { z } from 'zod';
import { bool, decimal, instant, integer, list, localDate, obj, optionalText, text } from '../lib/fields.js';
import { houseDirectConsignmentFields } from '../uncertain.js';
import {
  partySchema,
  placeSchema,
  representativeSchema,
  transportDocumentSchema,
  transportEquipmentSchema,
} from './common.js';
import { equipmentNonEmptyWhenContainerised, equipmentPresentWhenContainerised } from './container-rule.js';

/** The customs procedure chosen for the house (§9). */
export const importProcedureSchema = obj({
  importProcedure: optionalText(1, 35),
  outgoingProcedure: optionalText(1, 35),
  /** Defaults to `true` on Customs' side when omitted: always send it. */
  hasOutgoingProcedure: bool().exactOptional(),
});
export type ImportProcedure = z.infer<typeof importProcedureSchema>;

/** A reference to a previous document (CUDE, N820, RETR, GONU, N955, N952, C624). */
export const previousDocumentSchema = obj({
  typeOfReference: text(4, 4),
  referenceNumber: optionalText(1, 70),
  declarantNumber: optionalText(9, 11),
  declarationDate: localDate().exactOptional(),
  sequenceNumber: optionalText(1, 6),
});
export type PreviousDocument = z.infer<typeof previousDocumentSchema>;

/** EU/Swedish export to be closed at the border. */
export const exportFromEUSchema = obj({
  exportId: text(1, 35),
  typeOfExport: text(1, 35),
});
export type ExportFromEU = z.infer<typeof exportFromEUSchema>;

/** VOEC goods item. */
export const goodsItemSchema = obj({
  itemAmountInvoicedVOEC: obj({ value: decimal(16, 6), numberOfItems: integer() }),
  commodityCodeVOEC: obj({ harmonizedSystemSubheadingCode: text(6, 6) }),
  additionalFiscalReferences: obj({ vatIdentificationNumber: text(1, 17), role: text(1, 3) }),
});
export type GoodsItem = z.infer<typeof goodsItemSchema>;

/** Link from a house to its master. */
export const houseMasterLinkSchema = obj({
  carrierIdentificationNumber: text(1, 17),
  transportDocumentMasterLevel: transportDocumentSchema,
});

/** `consignmentHouseLevel` of a house consignment. */
export const consignmentHouseLevelSchema = obj({
  receptacleIdentificationNumber: optionalText(1, 35),
  containerIndicator: integer(),
  totalGrossMass: decimal(16, 6),
  numberOfPackages: integer(),
  goodsDescription: text(1, 512),
  transportDocumentHouseLevel: transportDocumentSchema,
  consignmentMasterLevel: houseMasterLinkSchema.exactOptional(),
  ...houseDirectConsignmentFields,
  importProcedure: importProcedureSchema.exactOptional(),
  previousDocuments: list(previousDocumentSchema).exactOptional(),
  exportFromEU: list(exportFromEUSchema).exactOptional(),
  consignor: partySchema,
  consignee: partySchema,
  placeOfAcceptance: placeSchema.exactOptional(),
  placeOfDelivery: placeSchema.exactOptional(),
  goodsItem: list(goodsItemSchema).exactOptional(),
  transportEquipment: list(transportEquipmentSchema).exactOptional(),
})
  .refine(...equipmentPresentWhenContainerised)
  .refine(...equipmentNonEmptyWhenContainerised);

/** House consignment body. */
export const houseConsignmentSchema = obj({
  documentIssueDate: instant(),
  representative: representativeSchema.exactOptional(),
  consignmentHouseLevel: consignmentHouseLevelSchema,
});
export type HouseConsignment = z.infer<typeof houseConsignmentSchema>;
export type ConsignmentHouseLevel = HouseConsignment['consignmentHouseLevel'];
