import type { MasterConsignment } from '../../schemas/master-consignment.js';
import type { Loose, RuleCollector } from './collector.js';

/** Asynchronous master rules: A1 codes, A2 countries, A7/A9 places. */
export function checkMasterConsignmentRules(body: Loose<MasterConsignment>, c: RuleCollector): void {
  c.representative('representative', body.representative);
  const m = body.consignmentMasterLevel ?? {};
  const p = 'consignmentMasterLevel';
  c.code(`${p}.containerIndicator`, m.containerIndicator, 'CL708');
  c.party(`${p}.consignee`, m.consignee);
  c.party(`${p}.consignor`, m.consignor);
  c.code(`${p}.transportDocumentMasterLevel.type`, m.transportDocumentMasterLevel?.type, 'CL754');
  c.equipment(`${p}.transportEquipment`, m.transportEquipment);
  c.place(`${p}.placeOfLoading`, m.placeOfLoading);
  c.place(`${p}.placeOfUnloading`, m.placeOfUnloading);
  c.place(`${p}.placeOfDelivery`, m.placeOfDelivery);
  c.place(`${p}.placeOfAcceptance`, m.placeOfAcceptance);
}
