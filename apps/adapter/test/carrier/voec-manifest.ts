/** Writes VOEC webshop manifests (the `voec-webshop` example profile's columns) for carrier tests. */

const HEADER = [
  'Consolidation', 'Order', 'Tracking', 'Parcels', 'Parcel contents', 'Customer', 'Street', 'Zip', 'City', 'Country',
  'Item', 'HS code', 'Qty', 'Unit price NOK', 'Line weight kg', 'Seller VOEC',
];

/** One goods line of a parcel. */
export interface VoecLine {
  readonly item: string;
  readonly hsCode: string;
  readonly qty: number;
  readonly unitPrice: string;
  readonly weightKg: string;
}

/** One parcel (house) with its lines. */
export interface VoecParcel {
  readonly tracking: string;
  readonly contents: string;
  readonly lines: readonly VoecLine[];
}

/** A tab-separated UTF-8 manifest; line 1 is the header, so goods line i of the file is line i + 2. */
export function voecManifest(parcels: readonly VoecParcel[]): string {
  const rows = [HEADER.join('\t')];
  parcels.forEach((p, i) => {
    for (const l of p.lines) {
      rows.push(
        ['NGX-2030-0115', String(100_000 + i), p.tracking, '1', p.contents, `Kunde ${i}`, `Gate ${i + 1}`, '0150', 'Oslo', 'NO', l.item, l.hsCode, String(l.qty), l.unitPrice, l.weightKg, '2056550'].join('\t'),
      );
    }
  });
  return `${rows.join('\n')}\n`;
}

/** `count` parcels, every third with two goods lines. */
export function manyParcels(count: number, prefix = 'NGX'): VoecParcel[] {
  return Array.from({ length: count }, (_, i) => ({
    tracking: `${prefix}${String(200_000 + i)}`,
    contents: 'wireless earbuds',
    lines: [
      { item: 'Wireless earbuds', hsCode: '851830', qty: 1, unitPrice: '799.00', weightKg: '0.25' },
      ...(i % 3 === 0 ? [{ item: 'USB-C cable', hsCode: '854442', qty: 3, unitPrice: '49.50', weightKg: '0.15' }] : []),
    ],
  }));
}
