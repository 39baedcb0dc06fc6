import type { TransportMode } from '../../src/index.js';

/** Wire instant `yyyy-MM-ddTHH:mm:ssZ`. */
export const instant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

interface ModeData {
  code: string;
  typeOfIdentification: string;
  typeOfMeansOfTransport: string;
  office: string;
  masterType: string;
  houseType: string;
  conveyance?: string;
}

/** Per-mode values from the official examples (docs/digitoll.md §7, messages fixtures). */
export const MODE_DATA: Record<TransportMode, ModeData> = {
  road: { code: '3', typeOfIdentification: '30', typeOfMeansOfTransport: '33', office: 'NO371001', masterType: 'N730', houseType: 'N730' },
  air: { code: '4', typeOfIdentification: '41', typeOfMeansOfTransport: '4000', office: 'NO351001', masterType: 'N741', houseType: 'N740', conveyance: 'SK4411' },
  rail: { code: '2', typeOfIdentification: '21', typeOfMeansOfTransport: '230', office: 'NO373001', masterType: 'N720', houseType: 'N720' },
  maritime: { code: '1', typeOfIdentification: '10', typeOfMeansOfTransport: '150', office: 'NO342001', masterType: 'N704', houseType: 'N714', conveyance: 'V2025-09' },
};

const address = { city: 'Oslo', country: 'NO', postcode: '0150', streetLine: 'Havnegata 1' };

export interface DocKey {
  documentNumber: string;
  type: string;
}

/** A transport body for `mode` listing `masters`, arriving a day after `now`. */
export function transportBody(mode: TransportMode, o: { now: number; meansId: string; carrierId: string; masters: DocKey[]; etaOffsetMs?: number }) {
  const m = MODE_DATA[mode];
  const eta = instant(o.now + (o.etaOffsetMs ?? 86_400_000));
  return {
    documentIssueDate: instant(o.now),
    representative: { name: 'Speditør AS', identificationNumber: 'NO912345688', address, communication: [{ identifier: 'toll@speditor.no', type: 'EM' }] },
    activeBorderTransportMeans: {
      identificationNumber: o.meansId,
      typeOfIdentification: m.typeOfIdentification,
      typeOfMeansOfTransport: m.typeOfMeansOfTransport,
      countryCode: 'NO',
      modeOfTransportCode: m.code,
      operator: { name: 'Ola Nordmann', communication: [{ identifier: '+4799999999', type: 'TE' }] },
      ...(m.conveyance === undefined ? {} : { conveyanceReferenceNumber: m.conveyance }),
    },
    carrier: { name: 'Norsk Transport AS', identificationNumber: o.carrierId, address: { city: 'Halden', country: 'NO', postcode: '1771', streetLine: 'Veien 2' } },
    customsOfficeOfFirstEntry: { referenceNumber: m.office },
    estimatedDateAndTimeOfArrival: eta,
    scheduledDateAndTimeOfArrival: eta,
    consignmentMasterLevel: o.masters.map((k) => ({ transportDocumentMasterLevel: k })),
  };
}

/** A master body. */
export function masterBody(mode: TransportMode, o: { now: number; documentNumber: string; carrierId: string; grossMass?: number }) {
  return {
    documentIssueDate: instant(o.now),
    representative: { name: 'Speditør AS', identificationNumber: 'NO912345688', address, communication: [{ identifier: 'toll@speditor.no', type: 'EM' }] },
    consignmentMasterLevel: {
      containerIndicator: 0,
      grossMass: o.grossMass ?? 1200,
      carrier: { identificationNumber: o.carrierId },
      consignee: { name: 'Importør AS', identificationNumber: 'NO967773689', typeOfPerson: 2, address },
      consignor: { name: 'Exporter AB', typeOfPerson: 2, address: { city: 'Göteborg', country: 'SE', postcode: '41101', streetLine: 'Gatan 1' } },
      transportDocumentMasterLevel: { documentNumber: o.documentNumber, type: MODE_DATA[mode].masterType },
      placeOfLoading: { unloCode: 'SEGOT' },
      placeOfUnloading: { location: 'Oslo', address: { country: 'NO' } },
    },
  };
}

/** A house body linked to its master. */
export function houseBody(
  mode: TransportMode,
  o: { now: number; documentNumber: string; master: DocKey; carrierId: string; goodsDescription?: string; complete?: boolean },
) {
  return {
    documentIssueDate: instant(o.now),
    consignmentHouseLevel: {
      containerIndicator: 0,
      totalGrossMass: 12.5,
      numberOfPackages: 1,
      goodsDescription: o.goodsDescription ?? 'brake discs',
      transportDocumentHouseLevel: { documentNumber: o.documentNumber, type: MODE_DATA[mode].houseType },
      consignmentMasterLevel: { carrierIdentificationNumber: o.carrierId, transportDocumentMasterLevel: o.master },
      importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', hasOutgoingProcedure: false },
      // a TVINN declaration of the playground's reference data (docs/digitoll.md §11) makes the house complete
      ...(o.complete === true
        ? { previousDocuments: [{ typeOfReference: 'CUDE', declarantNumber: '123456789', declarationDate: '2022-08-10', sequenceNumber: '1' }] }
        : {}),
      consignor: { name: 'Exporter AB', typeOfPerson: 2, address: { city: 'Göteborg', country: 'SE', postcode: '41101', streetLine: 'Gatan 1' } },
      consignee: { name: 'Importør AS', identificationNumber: 'NO967773689', typeOfPerson: 2, address },
      placeOfAcceptance: { unloCode: 'SEGOT' },
      placeOfDelivery: { location: 'Oslo', address: { country: 'NO' } },
    },
  };
}
