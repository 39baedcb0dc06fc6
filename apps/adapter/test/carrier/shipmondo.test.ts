/** Shipmondo target: one customs JSON per house in the outbox, rule violations reported per file line. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateShipmondoCustoms } from '@tollkit/carrier-customs';
import { examplePaths, readMappingProfile } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierChannelProfile } from '../../src/carrier/carrier-target.js';
import { createCarrierTarget } from '../../src/carrier/load-carrier-targets.js';
import { shipmondoTargetSchema } from '../../src/carrier/target-schema.js';
import type { RunningService } from '../../src/service/start-service.js';
import type { JobStore } from '../../src/store/job-store.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { list, localChannel, memoryLog, startTestService, tempRoot, waitFor } from '../e2e/harness.js';
import { readResultCsv } from '../support/result-csv.js';
import { voecManifest, type VoecParcel } from './voec-manifest.js';

describe('Shipmondo target', () => {
  let pg: Playground;
  let store: JobStore;
  let service: RunningService;
  const temp = tempRoot('tollkit-carrier-shipmondo-');
  const log = memoryLog();

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
    store = (await openJobStore({ kind: 'sqlite', dataDir: join(temp.root, 'data') })).store;
    const carrier = createCarrierTarget(shipmondoTargetSchema.parse({ kind: 'shipmondo', goodsValue: 'unit-price', countryOfOrigin: 'CN', termsOfTrade: 'DAP' }), {});
    const profile: CarrierChannelProfile = {
      name: 'shop',
      profile: await readMappingProfile(examplePaths('voec-webshop').profilePath),
      profileName: 'voec-webshop',
      resultFormat: 'csv',
      carrier,
    };
    service = await startTestService(pg, store, [{ channel: localChannel(temp.root, 'shop'), profile }], log);
  });

  afterAll(async () => {
    await service?.close();
    await store?.close();
    await pg?.close();
    temp.remove();
  });

  it('writes one customs object per valid house and reports a rule violation with its file line and field', async () => {
    const parcels: VoecParcel[] = [
      { tracking: 'SHP100001', contents: 'earbuds and cable', lines: [
        { item: 'Earbuds', hsCode: '851830', qty: 1, unitPrice: '799.00', weightKg: '0.25' },
        { item: 'Cable', hsCode: '854442', qty: 3, unitPrice: '49.50', weightKg: '0.15' },
      ] },
      // File lines 4 and 5: the second goods line has a unit price of 0 (Shipmondo: unit_value > 0).
      { tracking: 'SHP100002', contents: 'coffee', lines: [
        { item: 'Coffee', hsCode: '090121', qty: 2, unitPrice: '189.00', weightKg: '2.1' },
        { item: 'Free sample', hsCode: '090121', qty: 1, unitPrice: '0.00', weightKg: '0.1' },
      ] },
      { tracking: 'SHP100003', contents: 'rain jacket', lines: [{ item: 'Jacket', hsCode: '620193', qty: 1, unitPrice: '449.00', weightKg: '0.6' }] },
    ];
    const dir = join(temp.root, 'shop');
    mkdirSync(join(dir, 'inbox'), { recursive: true });
    writeFileSync(join(dir, 'inbox', 'orders.tsv'), voecManifest(parcels));

    const resultName = await waitFor('result file', () => list(join(dir, 'outbox')).find((f) => f.includes('.result-')), 60_000);
    const outbox = list(join(dir, 'outbox'));
    const customsFiles = outbox.filter((f) => f.includes('.customs-'));
    expect(customsFiles).toHaveLength(2);
    expect(customsFiles.some((f) => f.endsWith('-SHP100001.json'))).toBe(true);
    expect(customsFiles.some((f) => f.endsWith('-SHP100003.json'))).toBe(true);

    const first = JSON.parse(readFileSync(join(dir, 'outbox', customsFiles.find((f) => f.endsWith('-SHP100001.json'))!), 'utf8')) as Record<string, any>;
    // A valid Shipmondo object by Shipmondo's own rules; sale_of_goods is sent as `other` for this carrier.
    expect(validateShipmondoCustoms(first, { carrierSupportsSaleOfGoods: false }).ok).toBe(true);
    expect(first).toMatchObject({ currency_code: 'NOK', export_reason: 'other', term_of_trade: 'DAP' });
    // The draft keeps only the house's gross mass (0.4 kg): it is split by number of items (1 : 3), so 100 g per unit.
    expect(first['goods']).toEqual([
      { quantity: 1, country_code: 'CN', content: 'earbuds and cable', commodity_code: '851830', unit_value: 799, unit_weight: 100 },
      { quantity: 3, country_code: 'CN', content: 'earbuds and cable', commodity_code: '854442', unit_value: 49.5, unit_weight: 100 },
    ]);

    // Written like the manifest: tab-separated UTF-8 without BOM.
    const bytes = readFileSync(join(dir, 'outbox', resultName));
    expect(bytes.subarray(0, bytes.indexOf(0x0d)).toString('utf8')).toBe('position\tline\tdocumentNumber\ttarget\tstatus\tprocessingId\tcustomsFile\tcarrierError\terrors\twarnings');
    const csv = readResultCsv(bytes);
    const bad = csv.find((l) => l['documentNumber'] === 'SHP100002');
    expect(bad?.['status']).toBe('FAILED');
    expect(bad?.['errors']).toContain('line 5: goods[1].unit_value: One or more customs goods are missing or have invalid values in unit value');
    expect(csv.find((l) => l['documentNumber'] === 'SHP100001')).toMatchObject({ status: 'ACCEPTED', processingId: '' });
    expect(csv.find((l) => l['documentNumber'] === 'SHP100001')?.['customsFile']).toMatch(/^orders\.tsv\.customs-[0-9a-f]{8}-SHP100001\.json$/);
    expect(list(join(dir, 'outbox')).some((f) => f.includes('SHP100002'))).toBe(false);
    await waitFor('archived', () => list(join(dir, 'archive')).some((f) => f.endsWith('orders.tsv')));
  }, 90_000);

  it('issue #13 fault 5: NGX/1, NGX_1 and NGX 1 get a customs file each; NGX..2, whose file cannot be named, fails and is never ACCEPTED', async () => {
    const dir = join(temp.root, 'shop');
    const parcel = (tracking: string, contents: string, hsCode: string): VoecParcel => ({
      tracking,
      contents,
      lines: [{ item: contents, hsCode, qty: 1, unitPrice: '199.00', weightKg: '0.5' }],
    });
    const parcels = [
      parcel('NGX/1', 'socks', '611595'),
      parcel('NGX_1', 'mittens', '611692'),
      parcel('NGX 1', 'scarf', '611710'),
      parcel('NGX..2', 'gloves', '611610'),
    ];
    writeFileSync(join(dir, 'inbox', 'names.tsv'), voecManifest(parcels));
    const resultName = await waitFor('result file', () => list(join(dir, 'outbox')).find((f) => f.startsWith('names.tsv.result-')), 60_000);
    const customsFiles = list(join(dir, 'outbox')).filter((f) => f.startsWith('names.tsv.customs-'));
    expect(customsFiles).toHaveLength(3);
    // Each file holds its own house's goods: nothing was overwritten or dropped.
    const contents = customsFiles.map((f) => (JSON.parse(readFileSync(join(dir, 'outbox', f), 'utf8')) as { goods: { content: string }[] }).goods[0]?.content).sort();
    expect(contents).toEqual(['mittens', 'scarf', 'socks']);
    const csv = readResultCsv(readFileSync(join(dir, 'outbox', resultName)));
    const row = (doc: string) => csv.find((l) => l['documentNumber'] === doc);
    const files = ['NGX/1', 'NGX_1', 'NGX 1'].map((doc) => {
      expect(row(doc)?.['status'], doc).toBe('ACCEPTED');
      return row(doc)?.['customsFile'];
    });
    expect(new Set(files).size).toBe(3);
    for (const f of files) expect(customsFiles).toContain(f);
    expect(row('NGX..2')?.['status']).toBe('FAILED');
    expect(row('NGX..2')?.['errors']).toContain('no Shipmondo customs file can be written for document number "NGX..2": the file name contains ".."');
    expect(row('NGX..2')?.['customsFile']).toBe('');
    await waitFor('archived', () => list(join(dir, 'archive')).some((f) => f.endsWith('names.tsv')));
  }, 90_000);

  it('refuses a cancellation marker with a report (carriers have no cancel operation here)', async () => {
    const dir = join(temp.root, 'shop');
    writeFileSync(join(dir, 'inbox', 'orders.tsv.cancel'), '');
    const report = await waitFor('error report', () => list(join(dir, 'failed')).find((f) => f.includes('orders.tsv.cancel') && f.endsWith('.txt')), 20_000);
    expect(readFileSync(join(dir, 'failed', report), 'utf8')).toMatch(/CARRIER_CANCEL_UNSUPPORTED.*\n.*cancellation markers are not supported for shipmondo channels/);
  }, 90_000);
});
