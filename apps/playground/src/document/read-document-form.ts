import { HttpError, gatewayError, mediaType, readBody, validationErrors } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { MAX_DOCUMENT_BYTES, MULTIPART_OVERHEAD_BYTES } from './file-types.js';

/** The two parts of a document upload, in the order they must arrive. */
export interface DocumentForm {
  /** Text of the `metadata` part (a plain field, or a file part such as `application/json`). */
  metadata: string;
  file: { name: string; type: string; bytes: Uint8Array };
}

/**
 * Reads a `multipart/form-data` upload: 415 for any other content type, 413 when the body exceeds 10 MB plus
 * {@link MULTIPART_OVERHEAD_BYTES} or the file part exceeds 10 MB, 400 naming the part when the body is not
 * well-formed multipart, a part is missing, repeated or unexpected, `metadata` does not come before `file`, or `file`
 * is not a file part. Parsing is the WHATWG `Request.formData()` of Node (undici): no extra dependency.
 */
export async function readDocumentForm(rt: Runtime, ctx: RouteContext): Promise<DocumentForm> {
  const path = ctx.url.pathname;
  const type = mediaType(ctx.req);
  if (type !== 'multipart/form-data') {
    throw gatewayError(415, 'Unsupported Media Type', `Content-Type '${type ?? '(none)'}' is not supported; use multipart/form-data`, path, rt.clock.now());
  }
  const limit = MAX_DOCUMENT_BYTES + MULTIPART_OVERHEAD_BYTES;
  let raw: Buffer;
  try {
    raw = await readBody(ctx.req, limit);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) {
      throw gatewayError(413, 'Payload Too Large', `Request body exceeds ${limit} bytes; a document may be at most ${MAX_DOCUMENT_BYTES} bytes (10 MB)`, path, rt.clock.now());
    }
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), { headers: { 'content-type': String(ctx.req.headers['content-type']) } }).formData();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw validationErrors([{ field: 'body', error: `malformed multipart/form-data body (${reason}); send the parts metadata then file` }]);
  }

  const entries = [...form.entries()];
  const errors: { field: string; error: string }[] = [];
  const seen = new Set<string>();
  for (const [name] of entries) {
    if (name !== 'metadata' && name !== 'file') errors.push({ field: name, error: 'unexpected part; only metadata and file are accepted' });
    else if (seen.has(name)) errors.push({ field: name, error: 'part given more than once' });
    seen.add(name);
  }
  const metadataAt = entries.findIndex(([name]) => name === 'metadata');
  const fileAt = entries.findIndex(([name]) => name === 'file');
  if (metadataAt < 0) errors.push({ field: 'metadata', error: 'must not be null: send the part metadata (JSON {"documentType": …}) before the file' });
  if (fileAt < 0) errors.push({ field: 'file', error: 'must not be null: send the part file after metadata' });
  if (metadataAt >= 0 && fileAt >= 0 && fileAt < metadataAt) errors.push({ field: 'metadata', error: 'the metadata part must come before the file part' });
  const metadataValue = metadataAt >= 0 ? entries[metadataAt]?.[1] : undefined;
  const fileValue = fileAt >= 0 ? entries[fileAt]?.[1] : undefined;
  if (fileValue !== undefined && typeof fileValue === 'string') errors.push({ field: 'file', error: 'must be a file part (Content-Disposition with a filename), not a plain field' });
  if (fileValue !== undefined && typeof fileValue !== 'string' && fileValue.size > MAX_DOCUMENT_BYTES) {
    throw gatewayError(413, 'Payload Too Large', `file ${JSON.stringify(fileValue.name)} is ${fileValue.size} bytes; a document may be at most ${MAX_DOCUMENT_BYTES} bytes (10 MB)`, path, rt.clock.now());
  }
  if (errors.length > 0 || metadataValue === undefined || fileValue === undefined || typeof fileValue === 'string') {
    throw validationErrors(errors);
  }
  const metadata = typeof metadataValue === 'string' ? metadataValue : await metadataValue.text();
  return { metadata, file: { name: fileValue.name, type: fileValue.type, bytes: new Uint8Array(await fileValue.arrayBuffer()) } };
}
