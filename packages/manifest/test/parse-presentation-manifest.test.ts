import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isPresentationProfile,
  loadPartnerProfile,
  loadPresentationProfile,
  parsePresentationManifest,
  ProfileInvalidError,
  type PresentationProfile,
} from '../src/index.js';

const examples = new URL('../examples/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, examples));
const profileOf = (dir: string): PresentationProfile => loadPresentationProfile(read(`${dir}/profile.yaml`).toString('utf8'), 'yaml');
const OFFICE = { customsOfficeOfPresentation: 'NO351001' };

describe('presentation profiles', () => {
  it('loadPartnerProfile tells the kinds apart by `kind: presentation`', () => {
    expect(isPresentationProfile(loadPartnerProfile(read('postal-arrivals/profile.yaml').toString('utf8'), 'yaml'))).toBe(true);
    expect(isPresentationProfile(loadPartnerProfile(read('postal-receptacles/profile.yaml').toString('utf8'), 'yaml'))).toBe(false);
  });

  it('a profile without kind and office mappings is refused with the paths', () => {
    const bad = () => loadPresentationProfile(JSON.stringify({ kind: 'presentation', name: 'x', format: 'csv', mode: 'air', presentation: { fields: { documentNumber: 'AWB' } } }), 'json');
    expect(bad).toThrow(ProfileInvalidError);
    try {
      bad();
    } catch (error) {
      expect((error as ProfileInvalidError).issues.map((i) => i.message)).toEqual([
        'must map kind (every presentation needs it)',
        'must map customsOfficeOfPresentation (every presentation needs it)',
      ]);
    }
  });
});

describe('parsePresentationManifest: one golden case per presentation kind (ics2-arrivals example, seed 001 data)', () => {
  const { records, report } = parsePresentationManifest({ bytes: read('ics2-arrivals/arrived.csv'), fileName: 'arrived.csv' }, profileOf('ics2-arrivals'));

  it('reads every row without problems', () => {
    expect(report).toMatchObject({ rowsRead: 7, presentations: 7, errorCount: 0, ok: true });
  });

  it.each([
    // ICS2: the master-consignment endpoint replaces the ENS endpoint (api/mo/mo-vei-endringer-v1-v2.html, presentation).
    [2, 'master-consignment', '23NO00000000000001', { ...OFFICE, entrySummaryDeclarationMRN: '23NO00000000000001' }],
    [3, 'receptacle', 'GBASFZMLBKONAUN30001001019999', { ...OFFICE, receptacleId: 'GBASFZMLBKONAUN30001001019999' }],
    [4, 'house-consignment', 'HC001', { ...OFFICE, consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC001', type: 'N740' } } }],
    [7, 'container', 'JARU0000010', { ...OFFICE, containerIdentificationNumber: 'JARU0000010' }],
  ] as const)('line %i: %s %s', (line, kind, reference, body) => {
    const r = records.find((x) => x.line === line);
    expect(r).toMatchObject({ ok: true, kind, reference, body, problems: [] });
  });

  it('master waybill and deprecated ENS endpoint', () => {
    const profile = profileOf('ics2-arrivals');
    const csv = 'Level;Waybill;DocType;ENS;Receptacle;Container;Office\nMASTER;235-12345675;N741;;;;NO351001\n';
    const master = parsePresentationManifest({ bytes: Buffer.from(csv), fileName: 'm.csv' }, profile).records[0];
    expect(master).toMatchObject({ ok: true, kind: 'master-consignment', reference: '235-12345675', documentType: 'N741', body: { ...OFFICE, transportDocumentMasterLevel: { documentNumber: '235-12345675', type: 'N741' } } });
    const plain = loadPresentationProfile(
      JSON.stringify({ kind: 'presentation', name: 'ens', format: 'csv', mode: 'air', presentation: { fields: { kind: 'Level', customsOfficeOfPresentation: 'Office', entrySummaryDeclarationMRN: 'ENS' } } }),
      'json',
    );
    const ens = parsePresentationManifest({ bytes: Buffer.from('Level,ENS,Office\nENS,23NO00000000000002,NO351001\n'), fileName: 'e.csv' }, plain).records[0];
    expect(ens).toMatchObject({ ok: true, kind: 'entry-summary-declaration', body: { ...OFFICE, mrn: '23NO00000000000002' } });
  });

  it('XML: the air express arrival message presents its AWB houses', () => {
    const xml = parsePresentationManifest({ bytes: read('air-express-arrivals/arrived.xml'), fileName: 'arrived.xml' }, profileOf('air-express-arrivals'));
    expect(xml.report.ok).toBe(true);
    expect(xml.records.map((r) => [r.line, r.kind, r.reference, r.documentType])).toEqual([
      [5, 'house-consignment', 'HC001', 'N740'],
      [6, 'house-consignment', 'HC002', 'N740'],
    ]);
  });
});

describe('parsePresentationManifest: bad rows', () => {
  const profile = profileOf('ics2-arrivals');
  const parse = (rows: string) => parsePresentationManifest({ bytes: Buffer.from(`Level;Waybill;DocType;ENS;Receptacle;Container;Office\n${rows}`), fileName: 'bad.csv' }, profile);

  it('names line, column and field of each problem; one bad row does not stop the file', () => {
    const { records, report } = parse('PALLET;;;;;;NO351001\nHOUSE;;N740;;;;NO351001\nRECEPTACLE;;;;R1;;XX000000\nHOUSE;HC001;N740;;;;NO351001\nHOUSE;HC001;N740;;;;NO351001\n');
    expect(records.map((r) => r.ok)).toEqual([false, false, false, true, false]);
    expect(report.problems.map((p) => [p.line, p.code, p.column ?? null])).toEqual([
      [2, 'VALUE_NO_TRANSLATION', 'Level'],
      [3, 'VALUE_REQUIRED', null],
      [4, 'VALUE_UNKNOWN_CODE', 'Office'],
      [6, 'PRESENTATION_DUPLICATE', null],
    ]);
    expect(report.problems[3]?.message).toBe('house-consignment HC001 is already presented on line 5 of this file; each is presented once');
  });

  it('a missing column is a file-level problem', () => {
    const r = parsePresentationManifest({ bytes: Buffer.from('Level;Office\nHOUSE;NO351001\n'), fileName: 'x.csv' }, profile);
    expect(r.report.fatal?.code).toBe('CSV_HEADER_MISSING_COLUMN');
    expect(r.records).toEqual([]);
  });
});
