/**
 * Request bodies built from docs/digitoll.md §7 (the reference's own examples, completed with the mandatory fields) —
 * written out by hand so the tests do not depend on Tollkit's builders.
 */
export type Mode = 'road' | 'air' | 'rail' | 'maritime';

export const BASE: Record<Mode, { submit: string; query: string; scope: string }> = {
  road: { submit: '/api/movement/road/v2', query: '/api/movement/road/status/v2', scope: 'toll:movement/road/v2' },
  air: { submit: '/api/movement/air/v1', query: '/api/movement/air/status/v1', scope: 'toll:movement/air' },
  rail: { submit: '/api/movement/rail/v1', query: '/api/movement/rail/status/v1', scope: 'toll:movement/rail' },
  maritime: { submit: '/api/movement/maritime/v1', query: '/api/movement/maritime/status/v1', scope: 'toll:movement/maritime' },
};

export const CARRIER_ID = 'NO987654321';

export function instant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const address = (city: string, country: string, postcode: string, streetLine: string) => ({ city, country, postcode, streetLine });

const MEANS: Record<Mode, Record<string, unknown>> = {
  road: { identificationNumber: 'AB12345', typeOfIdentification: '30', typeOfMeansOfTransport: '33', countryCode: 'SE', modeOfTransportCode: '3' },
  air: { identificationNumber: 'LNRKA', typeOfIdentification: '41', typeOfMeansOfTransport: '310', countryCode: 'NO', modeOfTransportCode: '4', conveyanceReferenceNumber: 'SK4711' },
  rail: { identificationNumber: 'GT43001', typeOfIdentification: '21', typeOfMeansOfTransport: '230', countryCode: 'SE', modeOfTransportCode: '2' },
  maritime: { identificationNumber: '9074729', typeOfIdentification: '10', typeOfMeansOfTransport: '150', countryCode: 'NO', modeOfTransportCode: '1' },
};
const OFFICE: Record<Mode, string> = { road: 'NO371001', air: 'NO351001', rail: 'NO373001', maritime: 'NO342001' };

/** Transport (§7.1) arriving `etaMs`; `masters` are the master keys on board. */
export function transport(
  mode: Mode,
  o: { now: number; etaMs?: number; meansId?: string; masters?: { documentNumber: string; type: string }[]; representativeOrg?: string },
): Record<string, unknown> {
  const eta = instant(o.etaMs ?? o.now + 6 * 3600_000);
  return {
    documentIssueDate: instant(o.now),
    ...(o.representativeOrg
      ? {
          representative: {
            name: 'Speditør AS',
            identificationNumber: `NO${o.representativeOrg}`,
            address: address('Oslo', 'NO', '0150', 'Havnegata 1'),
            communication: [{ identifier: 'toll@speditor.no', type: 'EM' }],
          },
        }
      : {}),
    activeBorderTransportMeans: {
      ...MEANS[mode],
      ...(o.meansId ? { identificationNumber: o.meansId } : {}),
      operator: { name: 'Ola Nordmann', communication: [{ identifier: '+4799999999', type: 'TE' }] },
    },
    carrier: { name: 'Norsk Transport AS', identificationNumber: CARRIER_ID, address: address('Halden', 'NO', '1771', 'Veien 2') },
    customsOfficeOfFirstEntry: { referenceNumber: OFFICE[mode] },
    estimatedDateAndTimeOfArrival: eta,
    scheduledDateAndTimeOfArrival: eta,
    consignmentMasterLevel: (o.masters ?? []).map((m) => ({ transportDocumentMasterLevel: m })),
  };
}

const party = (name: string, id: string | undefined, city: string, country: string) => ({
  name,
  ...(id ? { identificationNumber: id } : {}),
  typeOfPerson: 2,
  address: address(city, country, country === 'NO' ? '0150' : '41101', 'Gata 1'),
});

/** Master consignment (§7.3). */
export function master(o: { now: number; documentNumber: string; type?: string; carrierId?: string; grossMass?: number; receptacles?: string[] }): Record<string, unknown> {
  return {
    documentIssueDate: instant(o.now),
    consignmentMasterLevel: {
      containerIndicator: 0,
      grossMass: o.grossMass ?? 1200,
      carrier: { identificationNumber: o.carrierId ?? CARRIER_ID },
      consignee: party('Importør AS', 'NO967773689', 'Oslo', 'NO'),
      consignor: party('Exporter AB', undefined, 'Göteborg', 'SE'),
      transportDocumentMasterLevel: { documentNumber: o.documentNumber, type: o.type ?? 'N730' },
      ...(o.receptacles ? { consignmentHouseLevel: [{ receptacle: o.receptacles.map((id) => ({ receptacleIdentificationNumber: id })) }] } : {}),
    },
  };
}

/** The playground's valid TVINN declaration (§11): 123456789 / 2022-08-10 / seq 1..10. */
export const VALID_CUDE = { typeOfReference: 'CUDE', declarantNumber: '123456789', declarationDate: '2022-08-10', sequenceNumber: '1' };

/** House consignment (§7.2) — by default variant 1 (IMMEDIATE_RELEASE_IMPORT with a valid CUDE). */
export function house(o: {
  now: number;
  documentNumber: string;
  type?: string;
  master?: { documentNumber: string; type?: string; carrierId?: string };
  receptacleId?: string;
  importProcedure?: Record<string, unknown>;
  previousDocuments?: Record<string, unknown>[] | null | undefined;
  goodsItem?: Record<string, unknown>[];
  totalGrossMass?: number;
  containerId?: string;
  representativeOrg?: string | undefined;
}): Record<string, unknown> {
  const chl: Record<string, unknown> = {
    containerIndicator: o.containerId ? 1 : 0,
    totalGrossMass: o.totalGrossMass ?? 812.5,
    numberOfPackages: 4,
    goodsDescription: 'brake discs',
    transportDocumentHouseLevel: { documentNumber: o.documentNumber, type: o.type ?? 'N730' },
    importProcedure: o.importProcedure ?? { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', hasOutgoingProcedure: false },
    consignor: party('Exporter AB', undefined, 'Göteborg', 'SE'),
    consignee: party('Importør AS', 'NO967773689', 'Oslo', 'NO'),
    placeOfAcceptance: { unloCode: 'SEGOT' },
    placeOfDelivery: { location: 'Oslo', address: { country: 'NO' } },
  };
  if (o.previousDocuments !== null) chl['previousDocuments'] = o.previousDocuments ?? [VALID_CUDE];
  if (o.master) {
    chl['consignmentMasterLevel'] = {
      carrierIdentificationNumber: o.master.carrierId ?? CARRIER_ID,
      transportDocumentMasterLevel: { documentNumber: o.master.documentNumber, type: o.master.type ?? 'N730' },
    };
  }
  if (o.receptacleId) chl['receptacleIdentificationNumber'] = o.receptacleId;
  if (o.goodsItem) chl['goodsItem'] = o.goodsItem;
  if (o.containerId) {
    chl['transportEquipment'] = [{ containerSizeAndType: '22', containerPackedStatus: 'A', containerSupplierType: '1', containerIdentificationNumber: o.containerId }];
  }
  return {
    documentIssueDate: instant(o.now),
    ...(o.representativeOrg
      ? {
          representative: {
            name: 'Tollagent AS',
            identificationNumber: `NO${o.representativeOrg}`,
            address: address('Oslo', 'NO', '0150', 'Havnegata 1'),
            communication: [{ identifier: 'toll@agent.no', type: 'EM' }],
          },
        }
      : {}),
    consignmentHouseLevel: chl,
  };
}
