import { type NotificationLevel, houseKeyOf, masterKeyOf, transportKeyOf } from './domain.js';

/**
 * The identity two ACTIVE notifications of one level and mode must not share ("already in use", playground README):
 * house — documentNumber + type; master — documentNumber + type + carrier id; transport — carrier id + means
 * identification number + typeOfIdentification + scheduledDateAndTimeOfArrival. `undefined` when the body has no
 * key (a house/master without a document number, a transport without a means identification number).
 */
export function identityKey(level: NotificationLevel, mode: string, body: Record<string, unknown>): string | undefined {
  if (level === 'house-consignment') {
    const k = houseKeyOf(body);
    return k && JSON.stringify([level, mode, k.documentNumber, k.type]);
  }
  if (level === 'master-consignment') {
    const k = masterKeyOf(body);
    return k && JSON.stringify([level, mode, k.documentNumber, k.type, k.carrierId ?? null]);
  }
  const k = transportKeyOf(body);
  if (k.meansId === undefined) return undefined;
  return JSON.stringify([level, mode, k.meansId, k.typeOfIdentification ?? null, k.scheduled ?? null, k.carrierId ?? null]);
}
