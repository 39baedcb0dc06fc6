import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { ORG_A, ORG_B } from './support/flow.js';

const BASE = '/api/goodsdeclaration/document/v2/declaration-id';
const KNOWN = '123456789-10082022-1';
const WRITE = 'toll:goodsdeclaration/document.write';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const MB10 = 10 * 1024 * 1024;

let pg: Playground;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  pg = await startPlayground({ port: 0, validationDelayMs: 0 });
  tokenA = await pg.issueCustomsToken({ orgNumber: ORG_A, scopes: [WRITE] });
  tokenB = await pg.issueCustomsToken({ orgNumber: ORG_B, scopes: [WRITE] });
});
afterAll(async () => {
  await pg.close();
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text.length > 0 ? JSON.parse(text) : undefined };
}

/** The documented form: metadata first, then the file. */
function form(documentType: unknown, file: Blob | string, fileName = 'invoice.pdf'): FormData {
  const f = new FormData();
  f.append('metadata', JSON.stringify({ documentType }));
  if (typeof file === 'string') f.append('file', file);
  else f.append('file', file, fileName);
  return f;
}

const pdf = (bytes: Uint8Array = PDF, type = 'application/pdf') => new Blob([bytes], { type });

async function upload(body: FormData | string, options: { id?: string; token?: string | null; contentType?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? tokenA : options.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const res = await fetch(`${pg.url}${BASE}/${options.id ?? KNOWN}/document`, { method: 'POST', headers, body });
  return answer(res);
}

async function list(id: string, token: string): Promise<Answer> {
  return answer(await fetch(`${pg.url}${BASE}/${id}/document`, { headers: { authorization: `Bearer ${token}` } }));
}

describe('document upload (§4.5): accepted documents', () => {
  it('stores a PDF for a known TVINN declaration: 201 with id, type, name, size and SHA-256; listed for the uploader only', async () => {
    const id = '123456789-10082022-2';
    const a = await upload(form('invoice', pdf()), { id });
    expect(a.status).toBe(201);
    expect(a.body).toEqual({
      documentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      declarationId: id,
      documentType: 'invoice',
      fileName: 'invoice.pdf',
      contentType: 'application/pdf',
      size: PDF.byteLength,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      uploadedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    const mine = await list(id, tokenA);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([a.body]);
    expect((await list(id, tokenB)).body).toEqual([]);
  });

  it('the same file again is answered 200 with the first document; another file or type is a new document', async () => {
    const id = '123456789-10082022-3';
    const first = await upload(form('waybill', pdf(), 'cmr.pdf'), { id });
    const again = await upload(form('waybill', pdf(), 'cmr.pdf'), { id });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    const otherType = await upload(form('freight invoice', pdf(), 'cmr.pdf'), { id });
    const otherFile = await upload(form('waybill', new Blob([PNG], { type: 'image/png' }), 'cmr.png'), { id });
    expect([otherType.status, otherFile.status]).toEqual([201, 201]);
    expect(new Set([first.body.documentId, otherType.body.documentId, otherFile.body.documentId]).size).toBe(3);
    expect((await list(id, tokenA)).body.map((d: { documentType: string; fileName: string }) => `${d.documentType}:${d.fileName}`)).toEqual([
      'waybill:cmr.pdf',
      'freight invoice:cmr.pdf',
      'waybill:cmr.png',
    ]);
  });

  it.each([
    ['permits', 'permit.png', 'image/png', PNG],
    ['proof of origin documentation', 'origin.jpg', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16])],
    ['export documentation', 'export.txt', 'text/plain', Buffer.from('EX A 2023 ✓\n')],
    ['invoice', 'invoice.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', Buffer.from('PK\x03\x04zip')],
    ['invoice', 'invoice.docx', 'application/octet-stream', Buffer.from('PK\x03\x04zip')],
    ['invoice', 'INVOICE.PDF', '', PDF],
  ])('accepts %s as %s (%s)', async (documentType, fileName, type, bytes) => {
    const a = await upload(form(documentType, new Blob([bytes], { type }), fileName), { id: '123456789-10082022-4' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ documentType, fileName, size: bytes.byteLength });
  });

  it('takes metadata sent as a JSON file part and the EU scope', async () => {
    const eu = await pg.issueCustomsToken({ orgNumber: ORG_A, scopes: ['toll:eu/goodsdeclaration/document.write'] });
    const f = new FormData();
    f.append('metadata', new Blob([JSON.stringify({ documentType: 'waybill' })], { type: 'application/json' }), 'metadata.json');
    f.append('file', pdf(), 'awb.pdf');
    const a = await upload(f, { token: eu });
    expect(a.status).toBe(201);
    expect(a.body.documentType).toBe('waybill');
  });

  it('a file of exactly 10 MB is accepted', async () => {
    const a = await upload(form('invoice', new Blob([Buffer.alloc(MB10, 'a')], { type: 'text/plain' }), 'big.txt'), { id: '123456789-10082022-5' });
    expect(a.status).toBe(201);
    expect(a.body.size).toBe(MB10);
  });

  it('the demo Maskinporten client is granted the document scopes', () => {
    expect(pg.demoClient.scopes).toEqual(expect.arrayContaining([WRITE, 'toll:eu/goodsdeclaration/document.write']));
  });

  it('documents survive a restart with a state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollkit-doc-'));
    try {
      const stateFile = join(dir, 'state.json');
      const first = await startPlayground({ port: 0, dataDir: dir, stateFile });
      const t1 = await first.issueCustomsToken({ orgNumber: ORG_A, scopes: [WRITE] });
      const res = await fetch(`${first.url}${BASE}/${KNOWN}/document`, { method: 'POST', headers: { authorization: `Bearer ${t1}` }, body: form('invoice', pdf()) });
      const stored = await answer(res);
      expect(stored.status).toBe(201);
      await first.close();
      const second = await startPlayground({ port: 0, dataDir: dir, stateFile });
      try {
        const t2 = await second.issueCustomsToken({ orgNumber: ORG_A, scopes: [WRITE] });
        const listed = await answer(await fetch(`${second.url}${BASE}/${KNOWN}/document`, { headers: { authorization: `Bearer ${t2}` } }));
        expect(listed.body).toEqual([stored.body]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('document upload: refusals', () => {
  it('401 without a token, 403 with a token that lacks the document scope', async () => {
    const none = await upload(form('invoice', pdf()), { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const road = await pg.issueCustomsToken({ orgNumber: ORG_A, scopes: ['toll:movement/road/v2', 'toll:movement/entry'] });
    const forbidden = await upload(form('invoice', pdf()), { token: road });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBe('insufficient_scope');
    expect(forbidden.headers.get('www-authenticate')).toContain('scope="toll:goodsdeclaration/document.write toll:eu/goodsdeclaration/document.write"');
    expect((await list(KNOWN, road)).status).toBe(403);
  });

  it('415 for a body that is not multipart/form-data', async () => {
    const json = await upload(JSON.stringify({ documentType: 'invoice' }), { contentType: 'application/json' });
    expect(json.status).toBe(415);
    expect(json.body).toMatchObject({ status: 415, error: 'Unsupported Media Type', message: expect.stringContaining('multipart/form-data') });
    expect((await upload('plain', { contentType: 'text/plain' })).status).toBe(415);
  });

  it('400 naming the body for multipart that cannot be parsed', async () => {
    const a = await upload('--x\r\nnot a part', { contentType: 'multipart/form-data' });
    expect(a.status).toBe(400);
    expect(a.body.validationErrors).toEqual([{ field: 'body', error: expect.stringContaining('malformed multipart/form-data') }]);
  });

  it('400 when the file comes before the metadata', async () => {
    const f = new FormData();
    f.append('file', pdf(), 'invoice.pdf');
    f.append('metadata', JSON.stringify({ documentType: 'invoice' }));
    const a = await upload(f);
    expect(a.status).toBe(400);
    expect(a.body).toEqual({ validationErrors: [{ field: 'metadata', error: 'the metadata part must come before the file part' }] });
  });

  it('400 for a missing, repeated or unexpected part, and for a file sent as a plain field', async () => {
    const onlyMeta = new FormData();
    onlyMeta.append('metadata', JSON.stringify({ documentType: 'invoice' }));
    expect((await upload(onlyMeta)).body.validationErrors).toEqual([{ field: 'file', error: expect.stringMatching(/^must not be null/) }]);
    const onlyFile = new FormData();
    onlyFile.append('file', pdf(), 'a.pdf');
    expect((await upload(onlyFile)).body.validationErrors).toEqual([{ field: 'metadata', error: expect.stringMatching(/^must not be null/) }]);
    const extra = form('invoice', pdf());
    extra.append('comment', 'hello');
    extra.append('file', pdf(), 'b.pdf');
    const e = await upload(extra);
    expect(e.status).toBe(400);
    expect(e.body.validationErrors).toEqual([
      { field: 'comment', error: 'unexpected part; only metadata and file are accepted' },
      { field: 'file', error: 'part given more than once' },
    ]);
    const plain = await upload(form('invoice', 'just text'));
    expect(plain.body.validationErrors).toEqual([{ field: 'file', error: expect.stringContaining('must be a file part') }]);
  });

  it.each([
    ['an unknown documentType', { documentType: 'receipt' }, 'metadata.documentType', /^Must be one of \[invoice, permits, freight invoice, proof of origin documentation, waybill, export documentation\]$/],
    ['a missing documentType', {}, 'metadata.documentType', /^must not be null$/],
    ['a blank documentType', { documentType: ' ' }, 'metadata.documentType', /^must not be blank$/],
    ['a numeric documentType', { documentType: 7 }, 'metadata.documentType', /^must be a string/],
    ['another declarationId in the metadata', { documentType: 'invoice', declarationId: '123456789-10082022-9' }, 'metadata.declarationId', /must be the declaration in the path/],
  ])('400 for %s', async (_name, metadata, field, text) => {
    const f = new FormData();
    f.append('metadata', JSON.stringify(metadata));
    f.append('file', pdf(), 'invoice.pdf');
    const a = await upload(f);
    expect(a.status).toBe(400);
    expect(a.body.validationErrors).toEqual([{ field, error: expect.stringMatching(text) }]);
  });

  it('400 for metadata that is not a JSON object', async () => {
    for (const raw of ['{documentType: invoice}', '"invoice"']) {
      const f = new FormData();
      f.append('metadata', raw);
      f.append('file', pdf(), 'invoice.pdf');
      const a = await upload(f);
      expect(a.status).toBe(400);
      expect(a.body.validationErrors).toEqual([{ field: 'metadata', error: expect.stringMatching(/JSON parse error|must be a JSON object/) }]);
    }
  });

  it.each([
    ['a file type that is not accepted', 'invoice.exe', 'application/octet-stream', PDF, /is not accepted; the file name must end in \.pdf, \.jpg, \.jpeg, \.png, \.txt, \.docx, \.xlsx/],
    ['a file without extension', 'invoice', 'application/pdf', PDF, /is not accepted/],
    ['a content type that contradicts the extension', 'invoice.pdf', 'image/png', PDF, /content type image\/png does not match the file name's extension \.pdf/],
    ['bytes that are not what the extension says', 'scan.pdf', 'application/pdf', PNG, /does not match its extension: it is not a PDF/],
    ['text that is not UTF-8', 'note.txt', 'text/plain', Buffer.from([0xc3, 0x28]), /it is not UTF-8 text/],
    ['an empty file', 'invoice.pdf', 'application/pdf', Buffer.alloc(0), /is empty/],
  ])('400 naming file for %s', async (_name, fileName, type, bytes, text) => {
    const a = await upload(form('invoice', new Blob([bytes], { type }), fileName));
    expect(a.status).toBe(400);
    expect(a.body.validationErrors).toEqual([{ field: 'file', error: expect.stringMatching(text) }]);
  });

  it.each([
    ['12345-10082022-1', /must be <declarantNumber>-<ddmmyyyy>-<sequenceNumber>/],
    ['123456789-2022-08-10-1', /must be <declarantNumber>/],
    ['123456789-10082022-1234567', /must be <declarantNumber>/],
    ['123456789-31022022-1', /31022022 is not a real date/],
    ['123456789-10132022-1', /10132022 is not a real date/],
  ])('400 naming declarationId for %s', async (id, text) => {
    const a = await upload(form('invoice', pdf()), { id });
    expect(a.status).toBe(400);
    expect(a.body.validationErrors).toEqual([{ field: 'declarationId', error: expect.stringMatching(text) }]);
    const listed = await list(id, tokenA);
    expect(listed.status).toBe(400);
  });

  it('reports every finding at once, the declarationId first', async () => {
    const a = await upload(form('receipt', new Blob([PDF], { type: 'application/pdf' }), 'x.exe'), { id: 'nope' });
    expect(a.status).toBe(400);
    expect(a.body.validationErrors.map((e: { field: string }) => e.field)).toEqual(['declarationId', 'metadata.documentType', 'file']);
  });

  it('404 for a well-formed declaration the playground does not know', async () => {
    for (const id of ['123456789-01092023-1', '123456789-10082022-11', '987654321-10082022-1']) {
      const a = await upload(form('invoice', pdf()), { id });
      expect(a.status).toBe(404);
      expect(a.body).toMatchObject({ status: 404, error: 'Not Found', message: expect.stringContaining(`No TVINN declaration ${id}`) });
      expect(a.body.message).toContain('123456789-10082022-1 … 123456789-10082022-10');
      expect((await list(id, tokenA)).status).toBe(404);
    }
  });

  it('413 for a body above 10 MB plus the multipart overhead, and for a file part above 10 MB', async () => {
    const huge = await upload(form('invoice', new Blob([Buffer.alloc(MB10 + 200 * 1024, 'a')], { type: 'text/plain' }), 'huge.txt'));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ status: 413, error: 'Payload Too Large', message: expect.stringContaining('at most 10485760 bytes (10 MB)') });
    const justOver = await upload(form('invoice', new Blob([Buffer.alloc(MB10 + 1, 'a')], { type: 'text/plain' }), 'over.txt'));
    expect(justOver.status).toBe(413);
    expect(justOver.body.message).toBe(`file "over.txt" is ${MB10 + 1} bytes; a document may be at most 10485760 bytes (10 MB)`);
  });

  it('nothing refused was stored: the declaration most refusals named holds only the one accepted upload', async () => {
    expect((await list(KNOWN, tokenA)).body.map((d: { fileName: string }) => d.fileName)).toEqual(['awb.pdf']);
    expect((await list(KNOWN, tokenB)).body).toEqual([]);
  });
});
