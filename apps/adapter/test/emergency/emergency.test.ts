/**
 * Customs' emergency routine (api/mo/nodrutiner-digitoll-EN.html, "Emergency Procedure for Notification and disclosure
 * of Information (MO) Submission"): the pack for a transport whose notifications cannot be submitted, and
 * `tollkit emergency` on the bundled road and air examples (real files, the real tollkit executable).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmergencyPack, procedureReferenceOf, renderEmergencyEml, renderEmergencyText } from '../../src/emergency/emergency-pack.js';
import { renderEmergencyPdf } from '../../src/emergency/render-emergency-pdf.js';

const NOW = Date.parse('2030-01-15T10:00:00Z');
const transport = (mode: 'road' | 'air', id: string) => ({
  activeBorderTransportMeans: {
    identificationNumber: id, typeOfIdentification: mode === 'road' ? '30' : '41', countryCode: 'NO', modeOfTransportCode: mode === 'road' ? '3' : '4',
    ...(mode === 'air' ? { conveyanceReferenceNumber: 'DY1234' } : {}),
    operator: { name: 'Kari Sjåfør', communication: [{ identifier: '+4791234567', type: 'TE' }] },
  },
  carrier: { name: 'Frakt AS', identificationNumber: 'NO987654321' },
  customsOfficeOfFirstEntry: { referenceNumber: 'NO371001' },
  scheduledDateAndTimeOfArrival: '2030-01-15T12:00:00Z',
});
const house = (documentNumber: string, chl: Record<string, unknown>) => ({ body: { consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber, type: 'N730' }, ...chl } } });

describe('the pack (nodrutiner-digitoll-EN.html: per consignment the reference to the procedure the goods will follow)', () => {
  it('gives the declaration id, the transit MRN or the consignment number, plus export MRNs; VOEC and consolidated clearance are case by case', () => {
    const cude = { typeOfReference: 'CUDE', declarantNumber: '123456789', declarationDate: '2022-08-10', sequenceNumber: '3' };
    expect(procedureReferenceOf({ previousDocuments: [cude] })).toEqual({ kind: 'declaration-id', value: '123456789-10082022-3' });
    expect(procedureReferenceOf({ previousDocuments: [{ typeOfReference: 'N820', referenceNumber: '22FR98765273876523' }] })).toEqual({ kind: 'transit-mrn', value: '22FR98765273876523' });
    expect(procedureReferenceOf({ previousDocuments: [{ typeOfReference: 'N337', referenceNumber: 'GONU-1' }] })).toEqual({ kind: 'consignment-number', value: 'N337 GONU-1' });
    expect(procedureReferenceOf({ importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_VOEC' } })).toEqual({ kind: 'case-by-case', value: 'VOEC goods' });
    expect(procedureReferenceOf({ importProcedure: { importProcedure: 'COLLECTIVE_RELEASE' } })).toEqual({ kind: 'case-by-case', value: 'consolidated customs clearance' });
    expect(procedureReferenceOf({})).toEqual({ kind: 'missing', value: '' });

    const pack = buildEmergencyPack({
      mode: 'road', transport: transport('road', 'EL12345'), now: NOW,
      houses: [house('H1', { previousDocuments: [cude], exportFromEU: [{ typeOfExport: 'AES_EXPORT', exportId: '30SE0123456789ABCD' }] }), house('H2', {})],
    });
    expect(pack).toMatchObject({ channel: 'desk', subject: 'Emergency Procedure - Road', to: 'digitoll@toll.no', missingReferences: 1, createdAt: '2030-01-15T10:00:00Z' });
    const text = renderEmergencyText(pack);
    expect(text).toContain('Means of transport: EL12345 (type 30, NO)');
    expect(text).toContain('Operator: Kari Sjåfør, +4791234567');
    expect(text).toContain('1. N730 H1 - Declaration id: 123456789-10082022-3; export MRN: 30SE0123456789ABCD');
    expect(text).toContain('2. N730 H2 - NO REFERENCE IN THE NOTIFICATION');
    expect(text).toContain('TVINN\'s own emergency procedure applies');
  });

  it('air, rail and sea: an e-mail to Customs\' address (overridable), subject "Emergency Procedure" and the mode, body the text', () => {
    for (const [mode, name] of [['air', 'Air'], ['rail', 'Rail'], ['maritime', 'Sea']] as const) {
      const pack = buildEmergencyPack({ mode, transport: transport('air', 'LN-ABC'), houses: [], now: NOW, ...(mode === 'rail' ? { contacts: { email: 'beredskap@example.no' } } : {}) });
      expect(pack.channel).toBe('email');
      const eml = renderEmergencyEml(pack, { messageId: 'x@tollkit.invalid', from: 'ops@forwarder.example' });
      const [head, body] = eml.split('\r\n\r\n');
      expect(head).toContain(`Subject: Emergency Procedure - ${name}`);
      expect(head).toContain(`To: ${mode === 'rail' ? 'beredskap@example.no' : 'digitoll@toll.no'}`);
      expect(head).toContain('Content-Type: text/plain; charset=utf-8');
      expect(Buffer.from((body ?? '').replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe(renderEmergencyText(pack));
    }
  });

  it('road: a PDF rendered by pdfkit, the same bytes for the same pack', async () => {
    const pack = buildEmergencyPack({ mode: 'road', transport: transport('road', 'EL12345'), houses: [house('H1', {})], now: NOW });
    const pdf = await renderEmergencyPdf(pack);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect((await renderEmergencyPdf(pack)).equals(pdf)).toBe(true);
  });
});

describe('tollkit emergency on the bundled examples', () => {
  let dir: string;
  const bin = fileURLToPath(new URL('../../src/cli/tollkit.mjs', import.meta.url));
  const examples = fileURLToPath(new URL('../../../../packages/manifest/examples/', import.meta.url));
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollkit-emergency-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('road gives a PDF and its text twin; air gives an .eml and its text', async () => {
    const run = (profile: string, file: string) => promisify(execFile)(process.execPath, [bin, 'emergency', '--profile', profile, join(examples, profile, file), '--out', dir], { cwd: dir });
    const road = JSON.parse((await run('road-forwarder-export', 'manifest.csv')).stdout);
    expect(road).toMatchObject([{ channel: 'desk', meansOfTransport: 'AB12345', consignments: 5, missingReferences: 0 }]);
    const air = JSON.parse((await run('air-express-awb', 'manifest.xml')).stdout);
    expect(air[0]).toMatchObject({ channel: 'email' });
    const names = (await readdir(dir)).sort();
    expect(names.filter((n) => n.startsWith('emergency-road-AB12345-')).map((n) => n.slice(n.lastIndexOf('.')))).toEqual(['.pdf', '.txt']);
    expect(names.filter((n) => n.startsWith('emergency-air-')).map((n) => n.slice(n.lastIndexOf('.')))).toEqual(['.eml', '.txt']);
    const text = await readFile(join(dir, names.find((n) => n.startsWith('emergency-road-') && n.endsWith('.txt'))!), 'utf8');
    expect(text).toContain('1. N730 CMR-2030-0001 - Declaration id: 123456789-10082022-1; export MRN: 30SE0123456789ABCD');
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
  });
});
