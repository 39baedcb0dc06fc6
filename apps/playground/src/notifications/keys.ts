import { type NotificationLevel, houseKeyOf, masterKeyOf, obj, str, transportKeyOf } from '../lib/domain.js';
import type { ValidationErrorListItem } from '../lib/message-rules.js';
import type { NotificationRecord } from '../lib/state.js';

/** Key fields that must not change on PUT (docs/digitoll.md §5.1), as `[path, value]`. */
export function immutableFields(level: NotificationLevel, body: Record<string, unknown>): [string, unknown][] {
  if (level === 'house-consignment') {
    const k = houseKeyOf(body);
    return [
      ['consignmentHouseLevel.transportDocumentHouseLevel.documentNumber', k?.documentNumber],
      ['consignmentHouseLevel.transportDocumentHouseLevel.type', k?.type],
    ];
  }
  if (level === 'master-consignment') {
    const k = masterKeyOf(body);
    return [
      ['consignmentMasterLevel.transportDocumentMasterLevel.documentNumber', k?.documentNumber],
      ['consignmentMasterLevel.transportDocumentMasterLevel.type', k?.type],
      ['consignmentMasterLevel.carrier.identificationNumber', k?.carrierId],
    ];
  }
  const means = obj(body['activeBorderTransportMeans']);
  const fields: [string, unknown][] = [
    ['activeBorderTransportMeans.identificationNumber', means?.['identificationNumber']],
    ['activeBorderTransportMeans.typeOfIdentification', means?.['typeOfIdentification']],
    ['scheduledDateAndTimeOfArrival', body['scheduledDateAndTimeOfArrival']],
  ];
  if (str(means?.['modeOfTransportCode']) === '4') fields.push(['activeBorderTransportMeans.conveyanceReferenceNumber', means?.['conveyanceReferenceNumber']]);
  return fields;
}

/** FAILURE items for key fields a PUT tried to change. */
export function changedKeyErrors(existing: NotificationRecord, body: Record<string, unknown>): ValidationErrorListItem[] {
  const before = new Map(immutableFields(existing.level, existing.body));
  return immutableFields(existing.level, body)
    .filter(([path, value]) => before.get(path) !== value)
    .map(([path, value]) => ({
      description: `Field cannot be changed on update (was ${JSON.stringify(before.get(path) ?? null)}, got ${JSON.stringify(value ?? null)}); delete the notification and submit a new one`,
      pointer: { messageElementPath: path },
    }));
}

/** Human-readable identity used in "already in use" texts and the POST counters. */
export function counterKey(level: NotificationLevel, body: Record<string, unknown>): { documentNumber: string; type: string } | undefined {
  if (level === 'house-consignment') return houseKeyOf(body);
  if (level === 'master-consignment') {
    const k = masterKeyOf(body);
    return k && { documentNumber: k.documentNumber, type: k.type };
  }
  const t = transportKeyOf(body);
  return t.meansId !== undefined ? { documentNumber: t.meansId, type: t.typeOfIdentification ?? '' } : undefined;
}

/**
 * "Already in use" (playground rule, README): the FAILURE item for `body` when `holder` — another ACTIVE
 * notification of the same level and mode with the same identity (`identityKey`) — already carries its key.
 * The holder's MRN is named only to its own organisation (`org`); another organisation learns that the key is
 * taken, not the MRN (issue 16 item 9).
 */
export function inUseError(level: NotificationLevel, body: Record<string, unknown>, holder: NotificationRecord | undefined, org: string): ValidationErrorListItem | undefined {
  if (holder === undefined) return undefined;
  const byWhom = holder.submitterOrg === org ? ` by MRN ${holder.mrn}` : '';
  if (level === 'house-consignment') {
    const k = houseKeyOf(body);
    return {
      description: `transportDocumentHouseLevel with documentNumber ${k?.documentNumber ?? ''} and type ${k?.type ?? ''} is already in use${byWhom}`,
      pointer: { messageElementPath: 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber' },
    };
  }
  if (level === 'master-consignment') {
    const k = masterKeyOf(body);
    return {
      description: `transportDocumentMasterLevel with documentNumber ${k?.documentNumber ?? ''}, type ${k?.type ?? ''} and carrier ${k?.carrierId ?? ''} is already in use${byWhom}`,
      pointer: { messageElementPath: 'consignmentMasterLevel.transportDocumentMasterLevel.documentNumber' },
    };
  }
  const k = transportKeyOf(body);
  return {
    description: `activeBorderTransportMeans with identificationNumber ${k.meansId ?? ''} and scheduledDateAndTimeOfArrival ${k.scheduled ?? ''} for carrier ${k.carrierId ?? ''} is already in use${byWhom}`,
    pointer: { messageElementPath: 'activeBorderTransportMeans.identificationNumber' },
  };
}
