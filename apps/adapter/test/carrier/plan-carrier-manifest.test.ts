/** Mapping manifest drafts to Bring bodies / Shipmondo objects, on the bundled example manifests. */
import { readFileSync } from 'node:fs';
import { examplePaths, readMappingProfile, type ExampleName } from '@tollkit/manifest';
import { describe, expect, it } from 'vitest';
import type { BringTarget, ShipmondoTarget } from '../../src/carrier/carrier-target.js';
import { planCarrierManifest, type CarrierRowPayload } from '../../src/carrier/plan-carrier-manifest.js';
import { parseManifestFile } from '../../src/pipeline/parse-manifest-file.js';

const bring: BringTarget = {
  kind: 'bring',
  client: { submitDeclaration: () => Promise.reject(new Error('planning sends nothing')) },
  customerNumber: '20012345678',
  service: '0300',
  concurrency: 1,
  currencyCode: 'NOK',
  goodsValue: 'unit-price',
};

async function parsed(name: ExampleName) {
  const { profilePath, manifestPath } = examplePaths(name);
  const profile = await readMappingProfile(profilePath);
  return parseManifestFile(readFileSync(manifestPath), manifestPath, { name, profile, profileName: name, resultFormat: 'csv' });
}

describe('planCarrierManifest', () => {
  it('turns the VOEC example into one valid Bring declaration per parcel', async () => {
    const plan = planCarrierManifest(await parsed('voec-webshop'), bring);
    expect(plan.fatal).toBeUndefined();
    expect(plan.counts.invalid).toBe(0);
    expect(plan.counts.otherRecords).toBeGreaterThan(0); // the consolidation (master) is not a carrier document
    const first = plan.items[0]!;
    expect(first).toMatchObject({ level: 'house-consignment', documentNumber: 'NGX100231', type: 'BRING-DECLARATION', carrier: 'bring:20012345678' });
    const body = (first.payload as CarrierRowPayload).body as Record<string, any>;
    // Two order lines → two declaration lines; unit price × quantity; the house mass split by items (1 : 3).
    expect(body['customsDeclarations']).toEqual([
      expect.objectContaining({ consignmentItemId: 'NGX100231-1', amount: 799, customsArticleNumber: '851830', countryCodeOrigin: 'GB', grossWeight: 0.1, quantity: '1' }),
      expect.objectContaining({ consignmentItemId: 'NGX100231-2', amount: 148.5, customsArticleNumber: '854442', grossWeight: 0.3, quantity: '3' }),
    ]);
    expect(body['exporter']).toMatchObject({ name: 'Nordic Gadgets Ltd', countryCode: 'GB', postalCode: 'EH1 1AA' });
    expect(body['importer']).toMatchObject({ countryCode: 'NO', city: 'Trondheim' });
    expect(body['shipment']).toEqual({ consignmentId: 'NGX100231', service: '0300' });
    expect(body['declarationType']).toBe('IMPORT_EXPORT');
  });

  it('reports houses without goods lines per file line instead of sending them', async () => {
    const plan = planCarrierManifest(await parsed('road-forwarder-export'), bring);
    expect(plan.items.length).toBeGreaterThan(0);
    for (const item of plan.items) {
      const payload = item.payload as CarrierRowPayload;
      expect(payload.body).toBeNull();
      expect(payload.errors).toContainEqual(
        expect.objectContaining({ field: 'goodsItem', line: payload.firstLine, message: expect.stringContaining('needs them') }),
      );
      expect(item.invalidErrors?.length).toBeGreaterThan(0);
    }
  });

  it('maps the VOEC example to Shipmondo objects with the channel country of origin', async () => {
    const shipmondo: ShipmondoTarget = {
      kind: 'shipmondo', currencyCode: 'NOK', countryOfOrigin: 'CN', goodsValue: 'unit-price', carrierSupportsSaleOfGoods: true, exportReason: 'sale_of_goods',
    };
    const plan = planCarrierManifest(await parsed('voec-webshop'), shipmondo);
    const body = (plan.items[0]!.payload as CarrierRowPayload).body as Record<string, any>;
    expect(body).toMatchObject({ currency_code: 'NOK', export_reason: 'sale_of_goods' });
    expect(body['goods'][1]).toEqual({ quantity: 3, country_code: 'CN', content: 'wireless earbuds and charging cable', commodity_code: '854442', unit_value: 49.5, unit_weight: 100 });
  });
});
