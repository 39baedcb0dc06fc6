import { isRecord } from './http.js';

/** Transport modes (same union as `@tollkit/codesets`). */
export type TransportMode = 'road' | 'air' | 'rail' | 'maritime';
/** MO message levels = URL segments. */
export type NotificationLevel = 'transport' | 'master-consignment' | 'house-consignment';

export const TRANSPORT_MODES: readonly TransportMode[] = ['road', 'air', 'rail', 'maritime'];
export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['transport', 'master-consignment', 'house-consignment'];

/** Per-mode API bases and scopes (docs/digitoll.md §3, §4.1). */
export const MODE_API: Record<TransportMode, { submitBase: string; queryBase: string; scope: string; euScope: string; modeOfTransportCode: string }> = {
  road: { submitBase: '/api/movement/road/v2', queryBase: '/api/movement/road/status/v2', scope: 'toll:movement/road/v2', euScope: 'toll:eu/movement/road/v2', modeOfTransportCode: '3' },
  air: { submitBase: '/api/movement/air/v1', queryBase: '/api/movement/air/status/v1', scope: 'toll:movement/air', euScope: 'toll:eu/movement/air', modeOfTransportCode: '4' },
  rail: { submitBase: '/api/movement/rail/v1', queryBase: '/api/movement/rail/status/v1', scope: 'toll:movement/rail', euScope: 'toll:eu/movement/rail', modeOfTransportCode: '2' },
  maritime: { submitBase: '/api/movement/maritime/v1', queryBase: '/api/movement/maritime/status/v1', scope: 'toll:movement/maritime', euScope: 'toll:eu/movement/maritime', modeOfTransportCode: '1' },
};

/** Presentation + routing scope (§3). */
export const ENTRY_SCOPES = ['toll:movement/entry', 'toll:eu/movement/entry'] as const;

/** Document upload scope and its EU twin (§3, §4.5). */
export const DOCUMENT_SCOPES = ['toll:goodsdeclaration/document.write', 'toll:eu/goodsdeclaration/document.write'] as const;

/** Every movement scope (modes + entry); the demo client is granted these and {@link DOCUMENT_SCOPES}. */
export const ALL_SCOPES: readonly string[] = [
  ...TRANSPORT_MODES.flatMap((m) => [MODE_API[m].scope, MODE_API[m].euScope]),
  ...ENTRY_SCOPES,
];

/** Scopes the demo Maskinporten client is granted. */
export const DEMO_CLIENT_SCOPES: readonly string[] = [...ALL_SCOPES, ...DOCUMENT_SCOPES];

/** A transport document key (`documentNumber` + `type`). */
export interface DocumentKey {
  documentNumber: string;
  type: string;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function obj(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Reads `{documentNumber, type}` from an object, if both are strings. */
export function docKey(value: unknown): DocumentKey | undefined {
  const o = obj(value);
  const documentNumber = str(o?.['documentNumber']);
  const type = str(o?.['type']);
  return documentNumber !== undefined && type !== undefined ? { documentNumber, type } : undefined;
}

export function sameKey(a: DocumentKey | undefined, b: DocumentKey | undefined): boolean {
  return a !== undefined && b !== undefined && a.documentNumber === b.documentNumber && a.type === b.type;
}

/** Organisation number behind a party id: `NO961510740` → `961510740`, `961510740` → itself. */
export function orgNumberOf(identificationNumber: string | undefined): string | undefined {
  if (identificationNumber === undefined) return undefined;
  const m = /^(?:NO)?(\d{9})(?:MVA)?$/.exec(identificationNumber.replace(/\s+/g, ''));
  return m?.[1];
}

// ---- Key extraction per level -------------------------------------------------------------

export function houseLevel(body: Record<string, unknown>): Record<string, unknown> | undefined {
  return obj(body['consignmentHouseLevel']);
}

export function masterLevel(body: Record<string, unknown>): Record<string, unknown> | undefined {
  return obj(body['consignmentMasterLevel']);
}

/** House key: `consignmentHouseLevel.transportDocumentHouseLevel`. */
export function houseKeyOf(body: Record<string, unknown>): DocumentKey | undefined {
  return docKey(houseLevel(body)?.['transportDocumentHouseLevel']);
}

/** Master key: `consignmentMasterLevel.transportDocumentMasterLevel` + carrier id. */
export function masterKeyOf(body: Record<string, unknown>): (DocumentKey & { carrierId: string | undefined }) | undefined {
  const m = masterLevel(body);
  const key = docKey(m?.['transportDocumentMasterLevel']);
  if (key === undefined) return undefined;
  return { ...key, carrierId: str(obj(m?.['carrier'])?.['identificationNumber']) };
}

/** Transport key (playground choice, see README): carrier id + means id + typeOfIdentification + scheduled arrival. */
export function transportKeyOf(body: Record<string, unknown>): { carrierId?: string; meansId?: string; typeOfIdentification?: string; scheduled?: string } {
  const means = obj(body['activeBorderTransportMeans']);
  const out: { carrierId?: string; meansId?: string; typeOfIdentification?: string; scheduled?: string } = {};
  const carrierId = str(obj(body['carrier'])?.['identificationNumber']);
  const meansId = str(means?.['identificationNumber']);
  const typeOfIdentification = str(means?.['typeOfIdentification']);
  const scheduled = str(body['scheduledDateAndTimeOfArrival']);
  if (carrierId !== undefined) out.carrierId = carrierId;
  if (meansId !== undefined) out.meansId = meansId;
  if (typeOfIdentification !== undefined) out.typeOfIdentification = typeOfIdentification;
  if (scheduled !== undefined) out.scheduled = scheduled;
  return out;
}

/** Master keys listed on a transport. */
export function transportMasterKeys(body: Record<string, unknown>): DocumentKey[] {
  return arr(body['consignmentMasterLevel'])
    .map((e) => docKey(obj(e)?.['transportDocumentMasterLevel']))
    .filter((k): k is DocumentKey => k !== undefined);
}

/**
 * House keys a transport lists for direct consignments, at the documented place
 * (`mo-vei-endringer-v1-v2.html`): `consignmentMasterLevel[].consignmentHouseLevel[].transportDocumentHouseLevel`.
 * A root `consignmentHouseLevel[]` is undocumented and ignored like any unknown member.
 */
export function transportDirectHouseKeys(body: Record<string, unknown>): DocumentKey[] {
  return arr(body['consignmentMasterLevel'])
    .flatMap((m) => arr(obj(m)?.['consignmentHouseLevel']))
    .map((h) => docKey(obj(h)?.['transportDocumentHouseLevel']))
    .filter((k): k is DocumentKey => k !== undefined);
}

/**
 * The carrier id a house names: its master's (`consignmentMasterLevel.carrierIdentificationNumber`) or, for a direct
 * consignment, `transportLevel.carrierIdentificationNumber` (the source page spells it `tranportLevel`; both are read).
 */
export function houseCarrierId(body: Record<string, unknown>): string | undefined {
  const chl = houseLevel(body);
  if (chl?.['directConsignment'] === true) return str(obj(chl['transportLevel'] ?? chl['tranportLevel'])?.['carrierIdentificationNumber']);
  return str(obj(chl?.['consignmentMasterLevel'])?.['carrierIdentificationNumber']);
}

/** Receptacle ids listed on a postal master (both the H-xlsx array shape and the SYS object shape, §7.3). */
export function masterReceptacleIds(body: Record<string, unknown>): string[] {
  const chl = masterLevel(body)?.['consignmentHouseLevel'];
  const holders = Array.isArray(chl) ? chl : chl === undefined ? [] : [chl];
  const ids: string[] = [];
  for (const holder of holders) {
    for (const r of arr(obj(holder)?.['receptacle'])) {
      const v = obj(r)?.['receptacleIdentificationNumber'];
      if (typeof v === 'string') ids.push(v);
      else for (const s of arr(v)) if (typeof s === 'string') ids.push(s);
    }
  }
  return ids;
}

/** Carrier id a house names for its master. */
export function houseMasterRef(body: Record<string, unknown>): (DocumentKey & { carrierId: string | undefined }) | undefined {
  const cml = obj(houseLevel(body)?.['consignmentMasterLevel']);
  const key = docKey(cml?.['transportDocumentMasterLevel']);
  if (key === undefined) return undefined;
  return { ...key, carrierId: str(cml?.['carrierIdentificationNumber']) };
}

/** Organisation numbers named as representative of a message. */
export function representativeOrg(body: Record<string, unknown>): string | undefined {
  const rep = body['representative'];
  if (typeof rep === 'string') return orgNumberOf(rep);
  return orgNumberOf(str(obj(rep)?.['identificationNumber']));
}

/** Same as `isRecord`, re-exported for rule modules. */
export function isRecordValue(value: unknown): value is Record<string, unknown> {
  return isRecord(value);
}
