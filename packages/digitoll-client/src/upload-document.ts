import { Blob } from 'node:buffer';
import { UPLOAD_DOCUMENT_TYPE_VALUES, type UploadDocumentType } from '@tollkit/codesets';
import { API_PATHS, scopeFor } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { FormData } from './lib/http.js';
import { postOnce } from './lib/post-once.js';

/** Document types accepted by the document API (docs/digitoll.md §4.5; the code list in `@tollkit/codesets`). */
export const DOCUMENT_TYPES = UPLOAD_DOCUMENT_TYPE_VALUES;
export type DocumentType = UploadDocumentType;

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  txt: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
/** Largest file the API takes. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Input of {@link uploadDocument}. */
export interface UploadDocumentInput {
  /** TVINN declaration id `<declarantNumber>-<ddmmyyyy>-<sequenceNumber>`, e.g. `123456789-01092023-1`. */
  readonly declarationId: string;
  readonly documentType: DocumentType;
  readonly fileName: string;
  readonly content: Uint8Array;
}

/** The operation behind `DigitollClient.uploadDocument` (documented there). */
export async function uploadDocument(ctx: ClientContext, input: UploadDocumentInput): Promise<{ status: number; body: unknown }> {
  if (!/^\d{9,11}-\d{8}-\d{1,6}$/.test(input.declarationId)) {
    throw new TypeError(`declarationId must look like 123456789-01092023-1 (declarantNumber-ddmmyyyy-sequenceNumber); got ${JSON.stringify(input.declarationId)}`);
  }
  if (!DOCUMENT_TYPES.includes(input.documentType)) throw new TypeError(`documentType must be one of: ${DOCUMENT_TYPES.join(', ')}`);
  const extension = /\.([A-Za-z0-9]+)$/.exec(input.fileName)?.[1]?.toLowerCase();
  const contentType = extension === undefined ? undefined : CONTENT_TYPES[extension];
  if (contentType === undefined) throw new TypeError(`fileName must end in .pdf, .jpg, .png, .txt, .docx or .xlsx; got ${JSON.stringify(input.fileName)}`);
  if (input.content.byteLength === 0) throw new TypeError('content is empty');
  if (input.content.byteLength > MAX_DOCUMENT_BYTES) throw new TypeError(`content is ${input.content.byteLength} bytes; at most ${MAX_DOCUMENT_BYTES} (10 MB) are accepted`);
  const form = new FormData();
  form.append('metadata', JSON.stringify({ documentType: input.documentType }));
  form.append('file', new Blob([input.content], { type: contentType }), input.fileName);
  const response = await postOnce(ctx, {
    path: `${API_PATHS.document}/declaration-id/${encodeURIComponent(input.declarationId)}/document`,
    scope: scopeFor('document', ctx.scopeFamily),
    form,
    what: 'document',
  });
  return { status: response.status, body: response.body ?? (response.text === '' ? undefined : response.text) };
}
