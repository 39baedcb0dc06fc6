import type { TransportMode } from '@tollkit/codesets';
import type { ProcedureAssessment } from '@tollkit/procedures';
import type { ConsignmentHouseLevel, HouseConsignment } from '../../schemas/house-consignment.js';
import type { Loose, RuleCollector } from './collector.js';
import { procedureErrors } from './procedure-rules.js';
import { REQUIRED_WHEN_DIRECT_CONSIGNMENT } from '../customs-texts.js';
import { DIRECT_CONSIGNMENT_CARRIER_OBJECT } from '../../uncertain.js';

/** Asynchronous house rules: A1 codes, A2 countries, A7/A9 places, the procedure rules (§9), and a direct
 * consignment's carrier id. */
export function checkHouseConsignmentRules(
  body: Loose<HouseConsignment>,
  mode: TransportMode,
  c: RuleCollector,
  onProcedureAssessment?: (assessment: ProcedureAssessment) => void,
): void {
  c.representative('representative', body.representative);
  const h = body.consignmentHouseLevel ?? {};
  const p = 'consignmentHouseLevel';
  c.code(`${p}.containerIndicator`, h.containerIndicator, 'CL708');
  c.code(`${p}.transportDocumentHouseLevel.type`, h.transportDocumentHouseLevel?.type, 'CL754');
  if (h.consignmentMasterLevel !== undefined)
    c.code(`${p}.consignmentMasterLevel.transportDocumentMasterLevel.type`, h.consignmentMasterLevel.transportDocumentMasterLevel?.type, 'CL754');
  h.previousDocuments?.forEach((d, i) =>
    c.code(`${p}.previousDocuments[${i}].typeOfReference`, d.typeOfReference, 'CL228', 'AdditionalPreviousDocumentType'),
  );
  c.party(`${p}.consignor`, h.consignor);
  c.party(`${p}.consignee`, h.consignee);
  c.place(`${p}.placeOfAcceptance`, h.placeOfAcceptance);
  c.place(`${p}.placeOfDelivery`, h.placeOfDelivery);
  h.goodsItem?.forEach((g, i) => c.code(`${p}.goodsItem[${i}].additionalFiscalReferences.role`, g.additionalFiscalReferences?.role, 'CL756'));
  c.equipment(`${p}.transportEquipment`, h.transportEquipment);
  for (const e of procedureErrors(h as ConsignmentHouseLevel, mode, onProcedureAssessment)) c.add(e.description, e.pointer.messageElementPath);
  // kobling-oppdatering-og-sletting-EN.html: a house linked straight to a transport carries the carrier id that
  // must equal the transport's carrier.identificationNumber; without it the link cannot be made.
  if (h.directConsignment === true && h[DIRECT_CONSIGNMENT_CARRIER_OBJECT]?.carrierIdentificationNumber === undefined)
    c.add(REQUIRED_WHEN_DIRECT_CONSIGNMENT, `${p}.${DIRECT_CONSIGNMENT_CARRIER_OBJECT}.carrierIdentificationNumber`);
}
