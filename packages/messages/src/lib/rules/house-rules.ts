import type { TransportMode } from '@tollkit/codesets';
import type { ConsignmentHouseLevel, HouseConsignment } from '../../schemas/house-consignment.js';
import type { Loose, RuleCollector } from './collector.js';
import { procedureErrors } from './procedure-rules.js';

/** Asynchronous house rules: A1 codes, A2 countries, A7/A9 places, and the procedure rules (§9). */
export function checkHouseConsignmentRules(body: Loose<HouseConsignment>, mode: TransportMode, c: RuleCollector): void {
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
  for (const e of procedureErrors(h as ConsignmentHouseLevel, mode)) c.add(e.description, e.pointer.messageElementPath);
}
