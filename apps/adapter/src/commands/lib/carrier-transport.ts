import { buildTransport, type TransportDraft } from '@tollkit/messages';
import type { DigitollPort } from '../../pipeline/ports.js';
import type { JobStore, NotificationRecord, TransportMode } from '../../store/job-store.js';

/** A master the adapter notified whose manifest carried no transport (postal, VOEC, …). */
export interface UncarriedMaster {
  readonly mode: TransportMode;
  readonly documentNumber: string;
  readonly type: string;
  readonly carrier: string;
}

/**
 * Masters with an MRN whose manifest produced no transport notification: someone else (the airline,
 * the haulier) notifies the transport they travel on. Used by the demo to stand in for that party.
 */
export async function findUncarriedMasters(store: JobStore, exclude: ReadonlySet<string> = new Set()): Promise<UncarriedMaster[]> {
  const masters = (await store.findNotifications({ states: ['accepted', 'routed'] })).filter(
    (n) => n.level === 'master-consignment' && n.carrier !== null && !exclude.has(n.key),
  );
  const byManifest = new Map<string, NotificationRecord[]>();
  for (const m of masters) byManifest.set(m.manifestId, [...(byManifest.get(m.manifestId) ?? []), m]);
  const out: UncarriedMaster[] = [];
  for (const [manifestId, list] of byManifest) {
    const siblings = await store.listNotifications(manifestId);
    if (siblings.some((n) => n.level === 'transport')) continue;
    for (const m of list) out.push({ mode: m.mode, documentNumber: m.documentNumber, type: m.type, carrier: m.carrier as string });
  }
  return out;
}

const MEANS: Partial<Record<TransportMode, { typeOfMeansOfTransport: string; modeOfTransportCode: string; typeOfIdentification: string; office: string }>> = {
  road: { typeOfMeansOfTransport: '33', modeOfTransportCode: '3', typeOfIdentification: '30', office: 'NO371001' },
  air: { typeOfMeansOfTransport: '4000', modeOfTransportCode: '4', typeOfIdentification: '41', office: 'NO351001' },
};

/**
 * Notifies, as the carrier, one transport carrying the given masters (all of one mode and carrier)
 * and waits for its MRN. A stand-in for the other party in demos and tests; the adapter itself only
 * sends what its manifests contain.
 */
export async function notifyCarrierTransport(
  client: DigitollPort,
  masters: readonly UncarriedMaster[],
  options: { now: number; sequence: number },
): Promise<string | undefined> {
  const first = masters[0];
  if (first === undefined) return undefined;
  const means = MEANS[first.mode];
  if (means === undefined) throw new TypeError(`no carrier transport template for mode ${first.mode}`);
  const arrival = new Date(Math.ceil((options.now + 2 * 3600_000) / 60_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const id = first.mode === 'air' ? `LN-D${String(options.sequence % 100).padStart(2, '0')}` : `DM${String(10000 + (options.sequence % 90000))}`;
  const draft = {
    activeBorderTransportMeans: {
      identificationNumber: id,
      typeOfMeansOfTransport: means.typeOfMeansOfTransport,
      countryCode: 'NO',
      ...(first.mode === 'air' ? { conveyanceReferenceNumber: `DM${String(1000 + (options.sequence % 9000))}` } : {}),
      operator: { name: 'Demo Carrier Operator', communication: [{ identifier: '+4790000000', type: 'TE' }] },
      modeOfTransportCode: means.modeOfTransportCode,
      typeOfIdentification: means.typeOfIdentification,
    },
    carrier: {
      name: 'Demo Carrier AS',
      identificationNumber: first.carrier,
      address: { streetLine: 'Terminalvegen 1', postcode: '0150', city: 'Oslo', country: 'NO' },
    },
    customsOfficeOfFirstEntry: { referenceNumber: means.office },
    scheduledDateAndTimeOfArrival: arrival,
    estimatedDateAndTimeOfArrival: arrival,
    consignmentMasterLevel: masters.map((m) => ({ transportDocumentMasterLevel: { documentNumber: m.documentNumber, type: m.type } })),
  } as unknown as TransportDraft;
  const body = buildTransport(draft, { documentIssueDate: options.now });
  const outcome = await client.submitNotification({ mode: first.mode, level: 'transport', body });
  if (outcome.status !== 'accepted') return outcome.existing.mrn;
  const [result] = await client.waitForValidation([{ requestId: outcome.requestId, target: { api: 'notification', mode: first.mode, level: 'transport' } }], {
    initialDelayMs: 100,
    pollIntervalMs: 100,
    deadlineMs: 30_000,
  });
  if (result?.outcome !== 'success') {
    throw new Error(`the carrier transport was not accepted: ${JSON.stringify(result)}`);
  }
  return result.mrn;
}

/** Groups masters by mode + carrier (one transport each). */
export function groupByCarrier(masters: readonly UncarriedMaster[]): UncarriedMaster[][] {
  const groups = new Map<string, UncarriedMaster[]>();
  for (const m of masters) groups.set(`${m.mode}|${m.carrier}`, [...(groups.get(`${m.mode}|${m.carrier}`) ?? []), m]);
  return [...groups.values()];
}
