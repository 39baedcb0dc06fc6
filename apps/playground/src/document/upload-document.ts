import { createHash, randomUUID } from 'node:crypto';
import { authorize } from '../customs-auth/authorize.js';
import { DOCUMENT_SCOPES } from '../lib/domain.js';
import { isRecord, validationErrors, type Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import type { DocumentRecord } from '../lib/state.js';
import { documentView } from './document-view.js';
import { DOCUMENT_TYPES, checkFile } from './file-types.js';
import { readDocumentForm } from './read-document-form.js';
import { resolveDeclaration } from './resolve-declaration.js';

type Finding = { field: string; error: string };

/** Findings for the `metadata` part's JSON; `documentType` when it is valid. */
function checkMetadata(text: string, declarationId: string): { findings: Finding[]; documentType?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    return { findings: [{ field: 'metadata', error: `JSON parse error: ${error instanceof Error ? error.message : 'invalid JSON'}` }] };
  }
  if (!isRecord(parsed)) return { findings: [{ field: 'metadata', error: 'must be a JSON object like {"documentType":"invoice"}' }] };
  const findings: Finding[] = [];
  const type = parsed['documentType'];
  if (type === undefined || type === null) findings.push({ field: 'metadata.documentType', error: 'must not be null' });
  else if (typeof type !== 'string') findings.push({ field: 'metadata.documentType', error: `must be a string, one of [${DOCUMENT_TYPES.join(', ')}]` });
  else if (type.trim() === '') findings.push({ field: 'metadata.documentType', error: 'must not be blank' });
  else if (!(DOCUMENT_TYPES as readonly string[]).includes(type)) findings.push({ field: 'metadata.documentType', error: `Must be one of [${DOCUMENT_TYPES.join(', ')}]` });
  // Older (v1) examples also carried the declaration id in the metadata; if given, it must name the path's one.
  const inMetadata = parsed['declarationId'];
  if (inMetadata !== undefined && inMetadata !== declarationId) {
    findings.push({ field: 'metadata.declarationId', error: `must be the declaration in the path (${declarationId}) when given; got ${JSON.stringify(inMetadata)}` });
  }
  return findings.length > 0 ? { findings } : { findings, documentType: type as string };
}

/**
 * `POST /api/goodsdeclaration/document/v2/declaration-id/{declarationId}/document` (docs/digitoll.md §4.5): stores the
 * document's metadata (not its bytes) for the caller's organisation. 201 with the stored document; the same file
 * (same type, name and SHA-256) uploaded again by the same organisation to the same declaration answers 200 with the
 * document stored the first time. 400 naming `declarationId`, `metadata`, `metadata.documentType` or `file`; 401/403
 * (scope `toll:goodsdeclaration/document.write` or its EU twin); 404 for a declaration the playground does not know;
 * 413 above 10 MB; 415 for a body that is not `multipart/form-data`.
 */
export async function uploadDocument(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  const claims = await authorize(rt, ctx, DOCUMENT_SCOPES);
  const form = await readDocumentForm(rt, ctx);
  const declarationId = ctx.params['declarationId'] ?? '';
  const metadata = checkMetadata(form.metadata, declarationId);
  const findings = [...metadata.findings];
  const { bytes, name, type } = form.file;
  if (bytes.byteLength === 0) findings.push({ field: 'file', error: `file ${JSON.stringify(name)} is empty` });
  const file = checkFile(name, type, bytes);
  if (!file.ok) findings.push(...file.errors.map((error) => ({ field: 'file', error })));
  resolveDeclaration(rt, ctx, findings); // 400 with every finding (declarationId first), 404 for an unknown declaration
  // Only narrows the types: with a finding, resolveDeclaration has already answered 400.
  if (!file.ok || metadata.documentType === undefined) throw validationErrors(findings);

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const documents = (rt.state.documents ??= []);
  const same = documents.find((d) => d.org === claims.orgNumber && d.declarationId === declarationId && d.documentType === metadata.documentType && d.fileName === name && d.sha256 === sha256);
  if (same !== undefined) return { status: 200, body: documentView(same) };
  const record: DocumentRecord = {
    documentId: randomUUID(),
    declarationId,
    documentType: metadata.documentType,
    fileName: name,
    contentType: file.contentType,
    size: bytes.byteLength,
    sha256,
    org: claims.orgNumber,
    uploadedAt: rt.clock.now(),
  };
  documents.push(record);
  rt.changed();
  return { status: 201, body: documentView(record) };
}
