/**
 * Drafts: what `manifest` produces and the builders consume — the request body without
 * `documentIssueDate` (the builder stamps the submission time).
 */
import type { HouseConsignment } from './schemas/house-consignment.js';
import type { MasterConsignment } from './schemas/master-consignment.js';
import type { Transport } from './schemas/transport.js';

/** Transport body without `documentIssueDate`. */
export type TransportDraft = Omit<Transport, 'documentIssueDate'>;
/** Master consignment body without `documentIssueDate`. */
export type MasterConsignmentDraft = Omit<MasterConsignment, 'documentIssueDate'>;
/** House consignment body without `documentIssueDate`. */
export type HouseConsignmentDraft = Omit<HouseConsignment, 'documentIssueDate'>;

/** When the body is issued: a `Date`, epoch milliseconds, or an already formatted wire instant. */
export type DocumentIssueDate = Date | number | string;

/** Options shared by the builders. */
export interface BuildOptions {
  /** Time of this submission (now, UTC); formatted to `yyyy-MM-ddTHH:mm:ssZ`. */
  documentIssueDate: DocumentIssueDate;
}
