import { formatInstant } from '../lib/clock.js';
import type { DocumentRecord } from '../lib/state.js';

/** Body the playground answers for a stored document (Customs does not document its response body). */
export interface DocumentView {
  documentId: string;
  declarationId: string;
  documentType: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  /** `yyyy-MM-ddTHH:mm:ssZ` on the playground clock. */
  uploadedAt: string;
}

/** The public view of a stored document (the uploading organisation is not repeated). */
export function documentView(d: DocumentRecord): DocumentView {
  return {
    documentId: d.documentId,
    declarationId: d.declarationId,
    documentType: d.documentType,
    fileName: d.fileName,
    contentType: d.contentType,
    size: d.size,
    sha256: d.sha256,
    uploadedAt: formatInstant(d.uploadedAt),
  };
}
