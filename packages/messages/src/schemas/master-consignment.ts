/**
 * Master consignment notification (docs/digitoll.md §7.3).
 */
import type { z } from 'zod';
import { decimal, instant, integer, list, obj, text } from '../lib/fields.js';
import { masterReceptacleListSchema } from '../uncertain.js';
import {
  partySchema,
  placeSchema,
  representativeSchema,
  transportDocumentSchema,
  transportEquipmentSchema,
} from './common.js';
import { equipmentNonEmptyWhenContainerised, equipmentPresentWhenContainerised } from './container-rule.js';

/** `consignmentMasterLevel` of a master consignment. */
export const consignmentMasterLevelSchema = obj({
  containerIndicator: integer(),
  grossMass: decimal(16, 6),
  carrier: obj({ identificationNumber: text(1, 17) }),
  consignee: partySchema,
  consignor: partySchema,
  transportDocumentMasterLevel: transportDocumentSchema,
  transportEquipment: list(transportEquipmentSchema).exactOptional(),
  /** Postal masters only: receptacle ids (shape uncertain, see uncertain.ts). */
  consignmentHouseLevel: masterReceptacleListSchema.exactOptional(),
  placeOfLoading: placeSchema.exactOptional(),
  placeOfUnloading: placeSchema.exactOptional(),
  placeOfDelivery: placeSchema.exactOptional(),
  placeOfAcceptance: placeSchema.exactOptional(),
})
  .refine(...equipmentPresentWhenContainerised)
  .refine(...equipmentNonEmptyWhenContainerised);

/** Master consignment body. */
export const masterConsignmentSchema = obj({
  documentIssueDate: instant(),
  representative: representativeSchema.exactOptional(),
  consignmentMasterLevel: consignmentMasterLevelSchema,
});
export type MasterConsignment = z.infer<typeof masterConsignmentSchema>;
export type ConsignmentMasterLevel = MasterConsignment['consignmentMasterLevel'];
