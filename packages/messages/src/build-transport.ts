import type { BuildOptions, TransportDraft } from './drafts.js';
import { compact, issueDate } from './lib/build-helpers.js';
import type { Transport } from './schemas/transport.js';

/**
 * Builds a transport body from a draft, stamping `documentIssueDate`. Does not validate: run
 * `validateNotification('transport', body, mode)` before sending.
 *
 * @throws TypeError for an invalid `documentIssueDate`.
 * @example
 * declare const draft: TransportDraft; // e.g. from parseManifest of the manifest package
 * const body = buildTransport(draft, { documentIssueDate: new Date() });
 */
export function buildTransport(draft: TransportDraft, options: BuildOptions): Transport {
  return { documentIssueDate: issueDate(options.documentIssueDate), ...compact(draft) };
}
