import type { NotificationLevel } from '../endpoints.js';

/** The key Customs knows a notification by (docs/digitoll.md §2): document number + type (+ carrier for masters). */
export interface NotificationKey {
  readonly level: NotificationLevel;
  readonly documentNumber: string;
  readonly type: string;
  readonly carrierId: string | undefined;
}

const rec = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Reads the lookup key from a master or house body; `undefined` for a transport (Customs offers no lookup of a
 * transport by its data) or when the key fields are missing.
 *
 * @example
 * ```ts
 * notificationKeyOf('house-consignment', { consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HB1', type: 'N730' } } });
 * // → { level: 'house-consignment', documentNumber: 'HB1', type: 'N730' }
 * ```
 */
export function notificationKeyOf(level: NotificationLevel, body: unknown): NotificationKey | undefined {
  const root = rec(body);
  if (root === undefined) return undefined;
  if (level === 'house-consignment') {
    const house = rec(root['consignmentHouseLevel']);
    const doc = rec(house?.['transportDocumentHouseLevel']);
    const documentNumber = str(doc?.['documentNumber']);
    const type = str(doc?.['type']);
    if (documentNumber === undefined || type === undefined) return undefined;
    // The master's carrier, or a direct consignment's (`transportLevel.carrierIdentificationNumber`).
    const carrierId = str(rec(house?.['consignmentMasterLevel'])?.['carrierIdentificationNumber']) ?? str(rec(house?.['transportLevel'])?.['carrierIdentificationNumber']);
    return { level, documentNumber, type, carrierId };
  }
  if (level === 'master-consignment') {
    const master = rec(root['consignmentMasterLevel']);
    const doc = rec(master?.['transportDocumentMasterLevel']);
    const documentNumber = str(doc?.['documentNumber']);
    const type = str(doc?.['type']);
    if (documentNumber === undefined || type === undefined) return undefined;
    return { level, documentNumber, type, carrierId: str(rec(master?.['carrier'])?.['identificationNumber']) };
  }
  return undefined;
}
