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
      expect(await renderManifestResultPages(manifest, pagesOf([rows[0]!], rows.slice(1)), problems, { now, resolveMrns }, format), format).toBe(whole);
      const onlyRows = formatManifestResult(collectManifestResult(manifest, rows, [], { now, resolveMrn: (n) => (n.id === 'n4' ? '26NOPREVIOUS00001' : null) }), format).toString('utf8');
      expect(await renderManifestResultPages(manifest, pagesOf(rows.slice(0, 2), rows.slice(2), []), [], { now, resolveMrns }, format), format).toBe(onlyRows);
      const empty = formatManifestResult(collectManifestResult(manifest, [], [], { now, resolveMrn: () => null }), format).toString('utf8');
      expect(await renderManifestResultPages(manifest, pagesOf(), [], { now, resolveMrns }, format), format).toBe(empty);
    }
    expect(await renderManifestResultPages(manifest, pagesOf(rows), [], { now, resolveMrns }, 'csv')).toContain(',unchanged,r-1,26NOPREVIOUS00001,');
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
