import type { NotificationLevel } from '../../store/job-store.js';

/** The identity of a notification at Customs, read from its draft/body. */
export interface DocumentKey {
  documentNumber: string;
  type: string;
  carrier?: string;
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Reads the key of a draft: houses by waybill (documentNumber + type), masters by master waybill
 * + carrier, transports by the active means' identification + scheduled arrival (type = the
 * identification type) + carrier. `undefined` when the draft lacks the key fields.
 */
export function documentKeyOf(level: NotificationLevel, draft: unknown): DocumentKey | undefined {
  const body = obj(draft);
  if (body === undefined) return undefined;
  if (level === 'house-consignment') {
    const doc = obj(obj(body['consignmentHouseLevel'])?.['transportDocumentHouseLevel']);
    const documentNumber = str(doc?.['documentNumber']);
    const type = str(doc?.['type']);
    return documentNumber !== undefined && type !== undefined ? { documentNumber, type } : undefined;
  }
  if (level === 'master-consignment') {
    const master = obj(body['consignmentMasterLevel']);
    const doc = obj(master?.['transportDocumentMasterLevel']);
    const documentNumber = str(doc?.['documentNumber']);
    const type = str(doc?.['type']);
    const carrier = str(obj(master?.['carrier'])?.['identificationNumber']);
    if (documentNumber === undefined || type === undefined) return undefined;
    return carrier === undefined ? { documentNumber, type } : { documentNumber, type, carrier };
  }
  const means = obj(body['activeBorderTransportMeans']);
  const id = str(means?.['identificationNumber']);
  const scheduled = str(body['scheduledDateAndTimeOfArrival']);
  const type = str(means?.['typeOfIdentification']) ?? 'transport';
  const carrier = str(obj(body['carrier'])?.['identificationNumber']);
  if (id === undefined) return undefined;
  const documentNumber = scheduled === undefined ? id : `${id}@${scheduled}`;
  return carrier === undefined ? { documentNumber, type } : { documentNumber, type, carrier };
}

/**
 * The carrier id Customs' lookup by document number needs (`documentNumber`, `type` and `carrierId`,
 * `beskrivelse-av-sporre-api-EN.html`): a master's own carrier; for a house the carrier it names — its master's
 * (`consignmentMasterLevel.carrierIdentificationNumber`) or, for a direct consignment, `transportLevel`'s.
 * `undefined` when the stored draft names none (a postal house linked through its receptacle).
 */
export function lookupCarrierOf(level: NotificationLevel, draft: unknown, carrier: string | null): string | undefined {
  if (level !== 'house-consignment') return carrier ?? undefined;
  const house = obj(obj(draft)?.['consignmentHouseLevel']);
  return str(obj(house?.['consignmentMasterLevel'])?.['carrierIdentificationNumber']) ?? str(obj(house?.['transportLevel'])?.['carrierIdentificationNumber']);
}
