/**
 * What a column header or XML element path probably holds, from the names ERP exports use
 * (Norwegian and English): a party and one of its attributes ("Avsender postnr", "SenderCity",
 * "Shipper.Address.City"), or a stand-alone concept ("Fraktbrevnr", "Bruttovekt", "HS code").
 * Used by `inferMappingProfile` to propose mappings; nothing here reads a file.
 */

export type Party = 'consignor' | 'consignee' | 'carrier' | 'driver' | 'vehicle';
export type PartyAttribute = 'name' | 'street' | 'postcode' | 'city' | 'country' | 'org' | 'phone' | 'registration';
export type Concept =
  | 'masterNumber'
  | 'houseNumber'
  | 'flightNumber'
  | 'office'
  | 'arrival'
  | 'grossMass'
  | 'packages'
  | 'description'
  | 'procedure'
  | 'declarant'
  | 'declarationDate'
  | 'sequence'
  | 'exportMrn'
  | 'transitMrn'
  | 'receptacle'
  | 'hsCode'
  | 'unitPrice'
  | 'quantity'
  | 'voecNumber';

/** What a name was recognised as; `exact` when a synonym matched the whole name (else a prefix). */
export type Classified =
  | { readonly kind: 'concept'; readonly concept: Concept; readonly exact: boolean; readonly master: boolean }
  | { readonly kind: 'party'; readonly party: Party; readonly attribute: PartyAttribute; readonly exact: boolean };

const CONCEPTS: Readonly<Record<Concept, readonly string[]>> = {
  masterNumber: ['samlefraktbrev', 'hovedfraktbrev', 'samlebrev', 'masterwaybill', 'masterawb', 'masterairwaybill', 'mawb', 'master', 'masternr', 'masterno', 'consolidation', 'deliverybill', 'cimnote', 'cim', 'masterbl'],
  houseNumber: ['fraktbrevnr', 'fraktbrevnummer', 'fraktbrev', 'sendingsnr', 'sendingsnummer', 'sporingsnummer', 'kollinr', 'waybill', 'waybillno', 'waybillnumber', 'hawb', 'housewaybill', 'hwb', 'housebl', 'tracking', 'trackingnumber', 'trackingno', 'itemid', 'cmr', 'cmrnr', 'consignmentnote', 'awb'],
  flightNumber: ['flightnumber', 'flightno', 'flightnr', 'flight', 'flynr', 'flightid'],
  office: ['tollsted', 'tollstedkode', 'grensested', 'grensepassering', 'grenseovergang', 'border', 'borderoffice', 'customsoffice', 'office', 'officeofentry', 'arrivalairport', 'entryoffice'],
  arrival: ['ankomst', 'ankomsttid', 'ankomstdato', 'eta', 'arrival', 'arrivaltime', 'scheduledarrival', 'estimatedarrival'],
  grossMass: ['bruttovekt', 'bruttovektkg', 'vekt', 'vektkg', 'weight', 'weightkg', 'grossweight', 'grossweightkg', 'grossmass', 'itemweightkg', 'lineweightkg', 'kg'],
  packages: ['kolli', 'antallkolli', 'kolliantall', 'pieces', 'packages', 'parcels', 'pcs', 'colli', 'pakker', 'numberofpackages'],
  description: ['varebeskrivelse', 'beskrivelse', 'varer', 'innhold', 'vareinnhold', 'description', 'goods', 'goodsdescription', 'contents', 'parcelcontents'],
  procedure: ['prosedyre', 'tollprosedyre', 'procedure', 'customsprocedure'],
  declarant: ['deklarantnr', 'deklarant', 'declarant', 'declarantnumber', 'declarantno'],
  declarationDate: ['deklarasjonsdato', 'declarationdate'],
  sequence: ['løpenr', 'lopenr', 'løpenummer', 'sequence', 'sequencenumber', 'seqno'],
  exportMrn: ['eksportmrn', 'exportmrn', 'eksportid', 'exportid', 'mrneksport', 'utførselmrn'],
  transitMrn: ['transitmrn', 'transittmrn', 'nctsmrn', 't1mrn'],
  receptacle: ['receptacle', 'receptacleid', 'sekk', 'sekkid', 'postsekk'],
  hsCode: ['hscode', 'hs', 'varekode', 'tariffnumber', 'commoditycode', 'tolltariffnr'],
  unitPrice: ['unitprice', 'stykkpris', 'pris', 'price', 'itemprice', 'verdi', 'value'],
  quantity: ['qty', 'quantity', 'antall', 'numberofitems'],
  voecNumber: ['sellervoec', 'voec', 'voecnumber', 'voecnr', 'voecno'],
};

const PARTIES: Readonly<Record<Party, readonly string[]>> = {
  consignor: ['avsender', 'sender', 'shipper', 'consignor', 'exporter', 'seller'],
  consignee: ['mottaker', 'receiver', 'addressee', 'consignee', 'customer', 'kunde', 'importer', 'buyer'],
  carrier: ['transportør', 'transportor', 'carrier', 'fraktfører', 'haulier'],
  driver: ['sjåfør', 'sjafor', 'driver', 'captain', 'pilot', 'fører', 'operator'],
  vehicle: ['bilens', 'bil', 'kjøretøy', 'truck', 'vehicle', 'train', 'tog', 'aircraft', 'fly', 'regnr', 'registreringsnummer', 'kjennemerke'],
};

const ATTRIBUTES: Readonly<Record<PartyAttribute, readonly string[]>> = {
  name: ['name', 'navn', 'firma', 'company'],
  street: ['adresse', 'address', 'street', 'gate', 'gateadresse', 'streetline', 'addr', 'vei'],
  postcode: ['postnr', 'postnummer', 'postcode', 'zip', 'zipcode', 'postalcode', 'postkode'],
  city: ['poststed', 'sted', 'city', 'town', 'by', 'ort'],
  country: ['land', 'landkode', 'country', 'countrycode', 'nationality', 'nasjonalitet'],
  org: ['orgnr', 'orgno', 'org', 'organisasjonsnummer', 'orgnumber', 'vat', 'vatno', 'eori', 'id', 'identification'],
  phone: ['telefon', 'tlf', 'phone', 'mobil', 'mobile', 'telephone'],
  registration: ['nr', 'registration', 'reg', 'plate', 'number', 'id', 'no'],
};

/** Lower case, letters and digits only (æøå kept): `Avsender postnr` → `avsenderpostnr`. */
export function compactName(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/[^a-z0-9æøåäöü]+/gu, '');
}

function conceptOf(compact: string): { concept: Concept; exact: boolean } | undefined {
  let prefix: { concept: Concept; exact: boolean; length: number } | undefined;
  for (const [concept, synonyms] of Object.entries(CONCEPTS) as [Concept, readonly string[]][]) {
    for (const s of synonyms) {
      if (compact === s) return { concept, exact: true };
      if (s.length >= 4 && compact.startsWith(s) && compact.length - s.length <= 5 && (prefix === undefined || s.length > prefix.length)) {
        prefix = { concept, exact: false, length: s.length };
      }
    }
  }
  return prefix === undefined ? undefined : { concept: prefix.concept, exact: false };
}

function attributeOf(rest: string, party: Party): PartyAttribute | undefined {
  if (rest === '') return party === 'vehicle' ? 'registration' : 'name';
  const order: PartyAttribute[] = party === 'vehicle' ? ['registration', 'country'] : ['name', 'street', 'postcode', 'city', 'country', 'org', 'phone'];
  for (const a of order) if (ATTRIBUTES[a].includes(rest)) return a;
  for (const a of order) if (ATTRIBUTES[a].some((s) => s.length >= 3 && (rest.startsWith(s) || rest.endsWith(s)))) return a;
  return undefined;
}

function partyPrefix(compact: string): { party: Party; rest: string } | undefined {
  let best: { party: Party; rest: string; length: number } | undefined;
  for (const [party, synonyms] of Object.entries(PARTIES) as [Party, readonly string[]][]) {
    for (const s of synonyms) {
      if (compact.startsWith(s) && (best === undefined || s.length > best.length)) best = { party, rest: compact.slice(s.length), length: s.length };
    }
  }
  return best === undefined ? undefined : { party: best.party, rest: best.rest };
}

/**
 * Classifies a name given as segments (a CSV header is one segment; an XML path is its element
 * and attribute names, outermost first, including the record element and its ancestors as
 * context).
 *
 * @example classifyName(['Avsender postnr']) // { kind: 'party', party: 'consignor', attribute: 'postcode', exact: true }
 */
export function classifyName(segments: readonly string[]): Classified | undefined {
  const compacts = segments.map(compactName).filter((c) => c !== '');
  const last = compacts.at(-1);
  if (last === undefined) return undefined;
  const context = compacts.slice(0, -1);
  const inMaster = context.some((c) => CONCEPTS.masterNumber.some((s) => c === s || (s.length >= 4 && c.startsWith(s))));
  // "Declaration/@date", "MasterAirWaybill/@number": the attribute names a part of its element.
  const owner = context.at(-1);
  if (owner !== undefined && ['date', 'dato'].includes(last) && /^(deklarasjon|declaration)/u.test(owner)) return { kind: 'concept', concept: 'declarationDate', exact: true, master: false };
  if (owner !== undefined && ['number', 'nr', 'no', 'id'].includes(last)) {
    const o = conceptOf(owner);
    if (o !== undefined && (o.concept === 'masterNumber' || o.concept === 'houseNumber')) return { kind: 'concept', concept: o.concept, exact: o.exact, master: o.concept === 'masterNumber' };
  }
  if (owner !== undefined && ['sequence', 'declarant'].includes(last)) return { kind: 'concept', concept: last === 'sequence' ? 'sequence' : 'declarant', exact: true, master: false };
  const c = conceptOf(last);
  if (c !== undefined) return { kind: 'concept', concept: c.concept, exact: c.exact, master: inMaster };
  // a party attribute: "Avsender postnr", "SenderCity", "Shipper.Address.City", "Captain"
  const own = partyPrefix(last);
  if (own !== undefined) {
    const attribute = attributeOf(own.rest, own.party);
    if (attribute !== undefined) return { kind: 'party', party: own.party, attribute, exact: own.rest === '' || segments.length === 1 };
  }
  for (let i = context.length - 1; i >= 0; i--) {
    const p = partyPrefix(context[i] as string);
    if (p !== undefined && p.rest === '') {
      const attribute = attributeOf(last, p.party);
      if (attribute !== undefined) return { kind: 'party', party: p.party, attribute, exact: true };
    }
  }
  // "Street", "Zip", "City" with no party: the consignee (an import delivers to it)
  const bare = attributeOf(last, 'consignee');
  if (bare !== undefined && bare !== 'name' && bare !== 'org') return { kind: 'party', party: 'consignee', attribute: bare, exact: false };
  return undefined;
}
