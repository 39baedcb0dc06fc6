import { authorize } from '../customs-auth/authorize.js';
import { DOCUMENT_SCOPES } from '../lib/domain.js';
import type { Reply } from '../lib/http.js';
import type { RouteContext } from '../lib/router.js';
import type { Runtime } from '../lib/runtime.js';
import { documentView } from './document-view.js';
import { resolveDeclaration } from './resolve-declaration.js';

/**
 * `GET /api/goodsdeclaration/document/v2/declaration-id/{declarationId}/document` — a playground extra (Customs
 * documents no such call): the documents the caller's organisation uploaded to the declaration, oldest first
 * (`[]` when none). Same scopes and the same 400/404 for the declaration id as the upload.
 */
export async function listDocuments(rt: Runtime, ctx: RouteContext): Promise<Reply> {
  const claims = await authorize(rt, ctx, DOCUMENT_SCOPES);
  const declarationId = resolveDeclaration(rt, ctx);
  const mine = (rt.state.documents ?? []).filter((d) => d.org === claims.orgNumber && d.declarationId === declarationId);
  return { status: 200, body: mine.map(documentView) };
}
