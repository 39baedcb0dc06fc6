import { DATASET, type DatasetRow } from '../lib/dataset.js';
import { type DocumentKey, arr, houseKeyOf, houseLevel, isRecordValue, masterKeyOf, obj, str } from '../lib/domain.js';
import type { Graph } from '../lib/graph.js';
import type { FieldError } from '../lib/message-rules.js';

/** The five presentation endpoints (§4.2). */
export type PresentationKind = 'house-consignment' | 'master-consignment' | 'receptacle' | 'container' | 'entry-summary-declaration';

/** What a presentation covers: dataset rows (ICS2 playground data) and/or notified MO houses. */
export interface PresentationTarget {
  rows: DatasetRow[];
  houses: DocumentKey[];
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MRN18 = /^[0-9]{2}[A-Z]{2}[A-Z0-9]{14}$/;
const OFFICE = /^[A-Z]{2}[A-Z0-9]{6}$/;

function text(errors: FieldError[], path: string, value: unknown, min: number, max: number, required: boolean): string | undefined {
  if (value === undefined || value === null) {
    if (required) errors.push({ field: path, error: 'must not be null' });
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.push({ field: path, error: 'must be a string' });
    return undefined;
  }
  if (value.trim().length === 0 && required) {
    errors.push({ field: path, error: 'must not be blank' });
    return undefined;
  }
  if (value.length < min || value.length > max) errors.push({ field: path, error: `size must be between ${min} and ${max}` });
  return value;
}

/** Shape checks (field names as in `@tollkit/messages` uncertain.ts §3). */
export function checkPresentationShape(kind: PresentationKind, body: unknown): FieldError[] {
  if (!isRecordValue(body)) return [{ field: 'body', error: 'must not be null' }];
  const errors: FieldError[] = [];
  const requestId = text(errors, 'requestId', body['requestId'], 36, 36, true);
  if (requestId !== undefined && requestId.length === 36 && !UUID.test(requestId)) errors.push({ field: 'requestId', error: `must match "${UUID.source}"` });
  const office = text(errors, 'customsOfficeOfPresentation', body['customsOfficeOfPresentation'], 8, 8, kind === 'entry-summary-declaration');
  if (office !== undefined && office.length === 8 && !OFFICE.test(office)) errors.push({ field: 'customsOfficeOfPresentation', error: 'Must be a valid customs office' });
  for (const f of ['transportMRN', 'entrySummaryDeclarationMRN'] as const) {
    const v = text(errors, f, body[f], 18, 18, false);
    if (v !== undefined && v.length === 18 && !MRN18.test(v)) errors.push({ field: f, error: `must match "${MRN18.source}"` });
  }
  switch (kind) {
    case 'entry-summary-declaration': {
      const v = text(errors, 'mrn', body['mrn'], 18, 18, true);
      if (v !== undefined && v.length === 18 && !MRN18.test(v)) errors.push({ field: 'mrn', error: `must match "${MRN18.source}"` });
      break;
    }
    case 'house-consignment': {
      const chl = obj(body['consignmentHouseLevel']);
      if (chl === undefined) {
        errors.push({ field: 'consignmentHouseLevel', error: 'must not be null' });
        break;
      }
      const tdh = obj(chl['transportDocumentHouseLevel']);
      if (tdh === undefined) {
        errors.push({ field: 'consignmentHouseLevel.transportDocumentHouseLevel', error: 'must not be null' });
        break;
      }
      // `documentNumber` replaced the legacy `referenceNumber`, which is still accepted for ICS2 (docs/digitoll.md §7.5).
      const legacy = tdh['documentNumber'] === undefined && tdh['referenceNumber'] !== undefined;
      if (legacy) text(errors, 'consignmentHouseLevel.transportDocumentHouseLevel.referenceNumber', tdh['referenceNumber'], 1, 70, true);
      else text(errors, 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber', tdh['documentNumber'], 1, 70, true);
      text(errors, 'consignmentHouseLevel.transportDocumentHouseLevel.type', tdh['type'], 4, 4, false);
      break;
    }
    case 'master-consignment': {
      const tdm = obj(body['transportDocumentMasterLevel']);
      if (tdm === undefined) {
        if (body['entrySummaryDeclarationMRN'] === undefined) errors.push({ field: 'transportDocumentMasterLevel', error: 'must not be null' });
        break;
      }
      text(errors, 'transportDocumentMasterLevel.documentNumber', tdm['documentNumber'], 1, 70, true);
      text(errors, 'transportDocumentMasterLevel.type', tdm['type'], 4, 4, true);
      break;
    }
    case 'receptacle':
      text(errors, 'receptacleId', body['receptacleId'] ?? body['receptacleIdentificationNumber'], 1, 35, true);
      break;
    case 'container':
      text(errors, 'containerIdentificationNumber', body['containerIdentificationNumber'] ?? body['containerId'], 1, 17, true);
      break;
  }
  return errors;
}

/** The house document number of a presentation: `documentNumber`, or the legacy `referenceNumber` (ICS2). */
function houseDocumentNumber(tdh: Record<string, unknown> | undefined): string | undefined {
  return str(tdh?.['documentNumber']) ?? str(tdh?.['referenceNumber']);
}

/** What a presentation body presents (the playground's per-consignment presentation counter key). */
export function presentationReference(kind: PresentationKind, body: Record<string, unknown>): string {
  switch (kind) {
    case 'entry-summary-declaration':
      return str(body['mrn']) ?? '';
    case 'house-consignment': {
      const tdh = obj(obj(body['consignmentHouseLevel'])?.['transportDocumentHouseLevel']);
      return `${houseDocumentNumber(tdh) ?? ''} ${str(tdh?.['type']) ?? ''}`.trim();
    }
    case 'master-consignment': {
      const tdm = obj(body['transportDocumentMasterLevel']);
      return tdm === undefined ? (str(body['entrySummaryDeclarationMRN']) ?? '') : `${str(tdm['documentNumber']) ?? ''} ${str(tdm['type']) ?? ''}`.trim();
    }
    case 'receptacle':
      return str(body['receptacleId']) ?? str(body['receptacleIdentificationNumber']) ?? '';
    case 'container':
      return str(body['containerIdentificationNumber']) ?? str(body['containerId']) ?? '';
  }
}

/**
 * Resolves the references of a presentation against the static dataset (§11) and the notified MO data.
 * Unknown references are validation errors (400), as the seed describes for the playground.
 */
export function resolvePresentation(kind: PresentationKind, body: Record<string, unknown>, graph: Graph): { target: PresentationTarget } | { errors: FieldError[] } {
  const transportMrn = str(body['transportMRN']);
  const transport = transportMrn === undefined ? undefined : graph.byMrn(transportMrn);
  if (transportMrn !== undefined && (transport === undefined || transport.level !== 'transport' || transport.status !== 'ACTIVE')) {
    return { errors: [{ field: 'transportMRN', error: `Transport with MRN ${transportMrn} not found` }] };
  }
  const onTransport = (keys: DocumentKey[]) =>
    transport === undefined ? keys : keys.filter((k) => graph.housesOfTransport(transport).some((h) => { const hk = houseKeyOf(h.body); return hk?.documentNumber === k.documentNumber && hk.type === k.type; }));
  const activeHouses = graph.active('house-consignment');
  const ens = str(body['entrySummaryDeclarationMRN']);

  switch (kind) {
    case 'entry-summary-declaration': {
      const mrn = str(body['mrn']) ?? '';
      const rows = DATASET.filter((r) => r.ensMrn === mrn);
      return rows.length > 0 ? { target: { rows, houses: [] } } : { errors: [{ field: 'mrn', error: `Entry summary declaration with MRN ${mrn} not found` }] };
    }
    case 'house-consignment': {
      const tdh = obj(obj(body['consignmentHouseLevel'])?.['transportDocumentHouseLevel']);
      const documentNumber = houseDocumentNumber(tdh) ?? '';
      const type = str(tdh?.['type']);
      let rows = DATASET.filter((r) => r.houseDocumentNumber === documentNumber && (type === undefined || r.houseType === type));
      if (ens !== undefined) rows = rows.filter((r) => r.ensMrn === ens);
      if (rows.length > 0) return { target: { rows, houses: [] } };
      const houses = onTransport(
        activeHouses.map((h) => houseKeyOf(h.body)).filter((k): k is DocumentKey => k !== undefined && k.documentNumber === documentNumber && (type === undefined || k.type === type)),
      );
      if (houses.length > 0 && ens === undefined) return { target: { rows: [], houses } };
      return { errors: [{ field: 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber', error: `House consignment with documentNumber ${documentNumber}${type ? ` and type ${type}` : ''} not found` }] };
    }
    case 'receptacle': {
      const id = str(body['receptacleId']) ?? str(body['receptacleIdentificationNumber']) ?? '';
      const rows = DATASET.filter((r) => r.receptacleId === id);
      if (rows.length > 0) return { target: { rows, houses: [] } };
      const houses = onTransport(
        activeHouses.filter((h) => str(houseLevel(h.body)?.['receptacleIdentificationNumber']) === id).map((h) => houseKeyOf(h.body)).filter((k): k is DocumentKey => k !== undefined),
      );
      return houses.length > 0 ? { target: { rows: [], houses } } : { errors: [{ field: 'receptacleId', error: `Receptacle ${id} not found` }] };
    }
    case 'container': {
      const id = str(body['containerIdentificationNumber']) ?? str(body['containerId']) ?? '';
      const rows = DATASET.filter((r) => r.containerId !== '' && r.containerId === id);
      if (rows.length > 0) return { target: { rows, houses: [] } };
      const houses = onTransport(
        activeHouses
          .filter((h) => arr(houseLevel(h.body)?.['transportEquipment']).some((e) => str(obj(e)?.['containerIdentificationNumber']) === id))
          .map((h) => houseKeyOf(h.body))
          .filter((k): k is DocumentKey => k !== undefined),
      );
      return houses.length > 0 ? { target: { rows: [], houses } } : { errors: [{ field: 'containerIdentificationNumber', error: `Container ${id} not found` }] };
    }
    case 'master-consignment': {
      if (ens !== undefined) {
        const rows = DATASET.filter((r) => r.ensMrn === ens);
        return rows.length > 0 ? { target: { rows, houses: [] } } : { errors: [{ field: 'entrySummaryDeclarationMRN', error: `Entry summary declaration with MRN ${ens} not found` }] };
      }
      const tdm = obj(body['transportDocumentMasterLevel']);
      const documentNumber = str(tdm?.['documentNumber']) ?? '';
      const type = str(tdm?.['type']);
      const masters = graph
        .active('master-consignment')
        .filter((m) => { const k = masterKeyOf(m.body); return k?.documentNumber === documentNumber && k.type === type; })
        .filter((m) => transport === undefined || graph.mastersOfTransport(transport).some((x) => x.mrn === m.mrn));
      if (masters.length === 0) return { errors: [{ field: 'transportDocumentMasterLevel.documentNumber', error: `Master consignment with documentNumber ${documentNumber} and type ${type ?? ''} not found` }] };
      const houses = masters.flatMap((m) => graph.housesOfMaster(m)).map((h) => houseKeyOf(h.body)).filter((k): k is DocumentKey => k !== undefined);
      return { target: { rows: [], houses } };
    }
  }
}
