import { type TransportMode, isTransportMode } from '@tollkit/codesets';
import { type HouseConsignment, houseConsignmentSchema } from './schemas/house-consignment.js';
import { type MasterConsignment, masterConsignmentSchema } from './schemas/master-consignment.js';
import { type Transport, transportSchemaFor } from './schemas/transport.js';
import type { NotificationLevel } from './types.js';

/** The body type of each notification level. */
export interface NotificationBodies {
  transport: Transport;
  'master-consignment': MasterConsignment;
  'house-consignment': HouseConsignment;
}

/**
 * The zod schema Customs' synchronous checks correspond to, for one level and mode.
 *
 * @throws TypeError for an unknown level or mode.
 * @example
 * declare const body: unknown; // a notification as parsed JSON
 * const parsed = notificationSchemaFor('transport', 'air').safeParse(body);
 */
export function notificationSchemaFor(level: NotificationLevel, mode: TransportMode) {
  if (!isTransportMode(mode)) throw new TypeError(`unknown transport mode ${JSON.stringify(mode)}`);
  switch (level) {
    case 'transport':
      return transportSchemaFor(mode);
    case 'master-consignment':
      return masterConsignmentSchema;
    case 'house-consignment':
      return houseConsignmentSchema;
    default:
      throw new TypeError(`unknown notification level ${JSON.stringify(level)}`);
  }
}
