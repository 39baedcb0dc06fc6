import { formatInstant } from '../lib/clock.js';
import type { DocumentRecord } from '../lib/state.js';

/**
 * Body the playground answers for a stored document (Customs does not document its response body): the stored
 * record without the uploading organisation, with `uploadedAt` as `yyyy-MM-ddTHH:mm:ssZ` on the playground clock.
 */
export type DocumentView = Omit<DocumentRecord, 'org' | 'uploadedAt'> & { uploadedAt: string };

/** The public view of a stored document (the uploading organisation is not repeated). */
export function documentView(d: DocumentRecord): DocumentView {
  const { org: _org, uploadedAt, ...rest } = d;
  return { ...rest, uploadedAt: formatInstant(uploadedAt) };
}
