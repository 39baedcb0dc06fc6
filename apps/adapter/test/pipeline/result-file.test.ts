import { describe, expect, it } from 'vitest';
import { collectManifestResult, formatManifestResult, renderManifestResultPages } from '../../src/pipeline/build-result-file.js';
import { formatRoutingFile } from '../../src/pipeline/follow-routing.js';
import type { ManifestRecord, NotificationRecord } from '../../src/store/job-store.js';

const manifest = {
  id: '0f1e2d3c-0000-4000-8000-000000000001',
  channel: 'acme',
  originalName: 'orders "Q1".csv',
  processingName: 'p',
  contentHash: 'sha256:ab',
  size: 10,
  state: 'awaiting-results',
  previousManifestId: null,
  leaseOwner: null,
  leaseExpiresAt: null,
  retryAt: null,
  leaseCount: 1,
  outcome: null,
  outcomeCounts: null,
  resubmit: null,
  failure: null,
  result: null,
  receivedAt: 0,
  updatedAt: 0,
} satisfies ManifestRecord;

function notification(over: Partial<NotificationRecord>): NotificationRecord {
  return {
    id: 'n',
    manifestId: manifest.id,
    level: 'house-consignment',
    mode: 'road',
    documentNumber: 'CMR-1',
    type: 'N730',
    carrier: null,
    key: 'k',
    position: 1,
    operation: 'create',
    payloadHash: 'h',
    payload: { draft: {}, firstLine: 2, lastLine: 2, warnings: [] },
    state: 'accepted',
    previousNotificationId: null,
    requestId: 'r-1',
    mrn: '26NOAAAAAAAAAAAAA1',
    errors: [],
    incompleteReasons: [],
    submitAttempts: 1,
    pollAttempts: 1,
    lookupAttempts: 0,
    lastError: null,
    nextAttemptAt: null,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

const notifications = [
  notification({ incompleteReasons: ['INCOMPLETE_CUDE_DOCUMENTATION'] }),
  notification({
    id: 'n2',
    position: 2,
    documentNumber: '=HYPERLINK("x")',
    state: 'invalid',
    requestId: null,
    mrn: null,
    payload: { draft: {}, firstLine: 3, lastLine: 4, warnings: ['a, "quoted" warning'] },
    errors: [{ field: 'consignmentHouseLevel.totalGrossMass', error: 'must be a number (line 3, value "tolv")' }],
  }),
  notification({
    id: 'n3',
    position: 3,
    documentNumber: 'CMR-<3>&',
    state: 'rejected',
    mrn: null,
    errors: [{ description: 'Invalid country code\u0001', pointer: { messageElementPath: 'consignmentHouseLevel.consignor.address.country' } }],
  }),
];
const result = collectManifestResult(manifest, notifications, [{ line: 9, field: '', code: 'CSV_RAGGED_ROW', message: 'row has 3 fields, the header 28' }], {
  now: Date.UTC(2030, 0, 15, 12),
  resolveMrn: () => null,
});

async function* pagesOf(...pages: NotificationRecord[][]): AsyncGenerator<NotificationRecord[]> {
  for (const page of pages) yield page;
}

describe('result files', () => {
  it('rendered page by page: byte for byte the same file in every format (rows, file problems, resolved MRNs, nothing)', async () => {
    const now = Date.UTC(2030, 0, 15, 12);
    const problems = [{ line: 9, field: '', code: 'CSV_RAGGED_ROW', message: 'row has 3 fields, the header 28' }];
    const unchanged = notification({ id: 'n4', position: 4, state: 'unchanged', mrn: null, previousNotificationId: 'n0' });
    const rows = [...notifications, unchanged];
    const resolveMrns = async (page: readonly NotificationRecord[]) => new Map(page.filter((n) => n.id === 'n4').map((n) => [n.id, '26NOPREVIOUS00001']));
    for (const format of ['csv', 'json', 'xml'] as const) {
      const whole = formatManifestResult(collectManifestResult(manifest, rows, problems, { now, resolveMrn: (n) => (n.id === 'n4' ? '26NOPREVIOUS00001' : null) }), format).toString('utf8');
      expect((await renderManifestResultPages(manifest, pagesOf([rows[0]!], rows.slice(1)), problems, { now, resolveMrns }, format)).toString('utf8'), format).toBe(whole);
      const onlyRows = formatManifestResult(collectManifestResult(manifest, rows, [], { now, resolveMrn: (n) => (n.id === 'n4' ? '26NOPREVIOUS00001' : null) }), format).toString('utf8');
      expect((await renderManifestResultPages(manifest, pagesOf(rows.slice(0, 2), rows.slice(2), []), [], { now, resolveMrns }, format)).toString('utf8'), format).toBe(onlyRows);
      const empty = formatManifestResult(collectManifestResult(manifest, [], [], { now, resolveMrn: () => null }), format).toString('utf8');
      expect((await renderManifestResultPages(manifest, pagesOf(), [], { now, resolveMrns }, format)).toString('utf8'), format).toBe(empty);
      // In a partner's conventions too: the same bytes page by page as whole.
      const oslo = { encoding: 'windows-1252', bom: false, delimiter: ';', decimalSeparator: ',', timeZone: 'Europe/Oslo' } as const;
      const wholeOslo = formatManifestResult(collectManifestResult(manifest, rows, problems, { now, resolveMrn: (n) => (n.id === 'n4' ? '26NOPREVIOUS00001' : null) }), format, oslo);
      expect((await renderManifestResultPages(manifest, pagesOf([rows[0]!], rows.slice(1)), problems, { now, resolveMrns }, format, oslo)).equals(wholeOslo), format).toBe(true);
    }
    expect((await renderManifestResultPages(manifest, pagesOf(rows), [], { now, resolveMrns }, 'csv')).toString('utf8')).toContain(',unchanged,r-1,26NOPREVIOUS00001,');
  });

  it('CSV: one line per notification and file problem, quoted, formulas neutralised', () => {
    const csv = formatManifestResult(result, 'csv').toString('utf8');
    expect(csv.startsWith('\uFEFFkind,position,line,level,documentNumber,type,operation,status,requestId,mrn,errors,incompleteReasons,warnings\r\n')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('notification,1,2,house-consignment,CMR-1,N730,create,accepted,r-1,26NOAAAAAAAAAAAAA1,,INCOMPLETE_CUDE_DOCUMENTATION,');
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[2]).toContain('"consignmentHouseLevel.totalGrossMass: must be a number (line 3, value ""tolv"")"');
    expect(lines[2]).toContain('"a, ""quoted"" warning"');
    expect(lines[4]).toBe('file-problem,,9,,,,,not-read,,,"row has 3 fields, the header 28",,');
  });

  it('XML: escaped attributes and text, control characters replaced, summary counts', () => {
    const xml = formatManifestResult(result, 'xml').toString('utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<ManifestResult file="orders &quot;Q1&quot;.csv"')).toBe(true);
    expect(xml).toContain('<Summary accepted="1" invalid="1" rejected="1" file-problem="1"/>');
    expect(xml).toContain('documentNumber="CMR-&lt;3&gt;&amp;"');
    expect(xml).toContain('<Error field="consignmentHouseLevel.consignor.address.country">Invalid country code\uFFFD</Error>');
    expect(xml).toContain('<IncompleteDocumentationReason>INCOMPLETE_CUDE_DOCUMENTATION</IncompleteDocumentationReason>');
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
  });

  it('JSON: the whole result, machine-readable', () => {
    const json = JSON.parse(formatManifestResult(result, 'json').toString('utf8')) as typeof result;
    expect(json.summary).toEqual({ accepted: 1, invalid: 1, rejected: 1, 'file-problem': 1 });
    expect(json.lines[2]?.errors).toEqual([{ field: 'consignmentHouseLevel.consignor.address.country', message: 'Invalid country code\u0001' }]);
    expect(json.generatedAt).toBe('2030-01-15T12:00:00Z');
  });

  it('routing files in the three formats', () => {
    const line = {
      documentNumber: 'CMR-1',
      type: 'N730',
      mrn: '26NOAAAAAAAAAAAAA1',
      routing: 'TO_CONTROL',
      routingControlLocation: 'ON_ENTRY',
      entrySummaryDeclarationMRN: null,
      receptacleId: null,
      routingId: 'id-1',
      decidedAt: '2030-01-15T12:00:00Z',
      manifest: 'orders.csv',
    };
    expect(formatRoutingFile([line], 'csv').toString('utf8')).toContain('CMR-1,N730,26NOAAAAAAAAAAAAA1,TO_CONTROL,ON_ENTRY,,,id-1,2030-01-15T12:00:00Z,orders.csv');
    expect(formatRoutingFile([line], 'xml').toString('utf8')).toContain('<Routing documentNumber="CMR-1" type="N730" mrn="26NOAAAAAAAAAAAAA1" routing="TO_CONTROL"');
    expect(JSON.parse(formatRoutingFile([line], 'json').toString('utf8'))).toEqual({ routing: [line] });
  });
});

/**
 * OWASP "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): cells beginning with `=`,
 * `+`, `-`, `@`, tab or CR are neutralised with a leading `'`. Issue #13 fault 7: a value holding
 * `;=cmd|…` was quoted for commas but, opened with `;` as the delimiter (Norway's default in
 * spreadsheet software), gave a bare formula cell. Whatever delimiter a program splits on, no cell
 * may begin with a formula character.
 */
describe('spreadsheet-safe CSV', () => {
  const hostile = [
    `x;=cmd|' /C calc'!A0`,
    `x,=1+2`,
    `x\t@SUM(A1)`,
    `x|+1+cmd|'/C calc'!A0`,
    `-2+3+cmd|' /C calc'!A0`,
    `x; =HYPERLINK("http://evil")`,
    `"x";-1+1`,
    `line\r=2+5`,
    `\t=1`,
  ];
  const rows = hostile.map((text, i) =>
    notification({ id: `h${i}`, position: i + 1, documentNumber: text, state: 'rejected', mrn: null, errors: [{ field: 'f', error: text }] }),
  );
  const hostileResult = collectManifestResult(manifest, rows, [], { now: Date.UTC(2030, 0, 15, 12), resolveMrn: () => null });

  for (const delimiter of [',', ';', '\t', '|'] as const) {
    it(`written with "${delimiter === '\t' ? '\\t' : delimiter}": read with any delimiter, no cell begins with a formula`, () => {
      const text = formatManifestResult(hostileResult, 'csv', { encoding: 'utf-8', bom: false, delimiter, decimalSeparator: '.', timeZone: 'UTC' }).toString('utf8');
      for (const reader of [',', ';', '\t', '|']) {
        for (const line of text.split(/\r\n|\r|\n/)) {
          for (const raw of line.split(reader)) {
            const cell = raw.replace(/^[\s"]+/, '');
            expect(/^[=+\-@]/.test(cell) && !/^[+-]?\d+([.,]\d+)?$/.test(cell), `read with ${JSON.stringify(reader)}: ${JSON.stringify(raw)} in ${JSON.stringify(line)}`).toBe(false);
          }
        }
      }
      // What the partner sent is still there, after the quote.
      expect(text).toContain(`x;'=cmd|' /C calc'!A0`);
    });
  }

  it('plain numbers are not touched; a negative number stays a number', () => {
    const text = formatManifestResult(
      collectManifestResult(manifest, [notification({ documentNumber: '-12.5' }), notification({ id: 'b', documentNumber: '-12.5+cmd' })], [], { now: 0, resolveMrn: () => null }),
      'csv',
    ).toString('utf8');
    expect(text).toContain(',-12.5,');
    expect(text).toContain(",'-12.5+cmd,");
  });
});

/** Issue #15 item 5: results in the partner's conventions (default: like the manifest). */
describe('partner conventions', () => {
  it('a Windows-1252 ";" manifest gets a Windows-1252 ";" result without BOM, instants in its time zone', async () => {
    const { outputConventions } = await import('../../src/pipeline/lib/output-conventions.js');
    const profile = { encoding: 'windows-1252', csv: { delimiter: ';' }, numbers: { decimalSeparator: ',' }, dates: { timeZone: 'Europe/Oslo' } };
    const c = outputConventions({ profile }, { encoding: 'windows-1252', bom: false, delimiter: ';' });
    expect(c).toEqual({ encoding: 'windows-1252', bom: false, delimiter: ';', decimalSeparator: ',', timeZone: 'Europe/Oslo' });
    const rows = [notification({ documentNumber: 'CMR-Ærø-1', errors: [{ field: '', error: 'Vekt må være større enn 0' }], state: 'rejected' })];
    const bytes = formatManifestResult(collectManifestResult(manifest, rows, [], { now: Date.UTC(2030, 0, 15, 12), resolveMrn: () => null }), 'csv', c);
    expect(bytes[0]).not.toBe(0xef);
    expect(bytes.includes(Buffer.from([0xc6, 0x72, 0xf8]))).toBe(true); // "Ærø" in Windows-1252
    expect(bytes.toString('latin1').split('\r\n')[0]).toBe('kind;position;line;level;documentNumber;type;operation;status;requestId;mrn;errors;incompleteReasons;warnings');
    const xml = formatManifestResult(collectManifestResult(manifest, rows, [], { now: Date.UTC(2030, 0, 15, 12), resolveMrn: () => null }), 'xml', c).toString('latin1');
    expect(xml.startsWith('<?xml version="1.0" encoding="WINDOWS-1252"?>')).toBe(true);
    expect(xml).toContain('generatedAt="2030-01-15T13:00:00+01:00"');
    // JSON stays UTF-8 whatever the partner's encoding.
    expect(JSON.parse(formatManifestResult(collectManifestResult(manifest, rows, [], { now: 0, resolveMrn: () => null }), 'json', c).toString('utf8')).lines[0].documentNumber).toBe('CMR-Ærø-1');
  });

  it('a UTF-8 manifest with a BOM gets one; the channel may ask for anything else', async () => {
    const { outputConventions } = await import('../../src/pipeline/lib/output-conventions.js');
    expect(outputConventions({ profile: { encoding: 'auto' } }, { encoding: 'utf-8', bom: true, delimiter: ',' })).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ',' });
    expect(outputConventions({ profile: { encoding: 'auto' } }, { encoding: 'utf-8', bom: false, delimiter: '\t' })).toMatchObject({ bom: false, delimiter: '\t' });
    expect(outputConventions({ profile: {}, results: { encoding: 'utf-16le', delimiter: '|', timeZone: 'America/New_York' } }, { encoding: 'windows-1252', delimiter: ';' })).toEqual({
      encoding: 'utf-16le',
      bom: true,
      delimiter: '|',
      decimalSeparator: '.',
      timeZone: 'America/New_York',
    });
  });

  it('routing files: decidedAt in the partner time zone, its delimiter', () => {
    const line = {
      documentNumber: 'CMR-1', type: 'N730', mrn: '26NOAAAAAAAAAAAAA1', routing: 'TO_ENTRY', routingControlLocation: null,
      entrySummaryDeclarationMRN: null, receptacleId: null, routingId: 'id-1', decidedAt: '2030-07-15T12:00:00Z', manifest: 'orders.csv',
    };
    const csv = formatRoutingFile([line], 'csv', { encoding: 'windows-1252', bom: false, delimiter: ';', decimalSeparator: ',', timeZone: 'Europe/Oslo' }).toString('latin1');
    expect(csv).toContain('CMR-1;N730;26NOAAAAAAAAAAAAA1;TO_ENTRY;;;;id-1;2030-07-15T14:00:00+02:00;orders.csv');
  });
});
