import {
  buildHouseConsignment,
  buildMasterConsignment,
  buildTransport,
  type HouseConsignmentDraft,
  type MasterConsignmentDraft,
  type TransportDraft,
} from '@tollkit/messages';
import type { NotificationLevel } from '../../store/job-store.js';

/** What the pipeline stores per notification so that a restart can send without re-parsing. */
export interface StoredPayload {
  readonly draft: unknown;
  readonly receptacleIds?: readonly string[];
  readonly firstLine: number;
  readonly lastLine: number;
  /** Non-blocking problems (warnings) of the record, already as text. */
  readonly warnings: readonly string[];
}

/** Reads a stored payload back (tolerates payloads of cancellations, which carry no draft). */
export function asStoredPayload(value: unknown): StoredPayload | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const p = value as Partial<StoredPayload>;
  if (typeof p.firstLine !== 'number') return undefined;
  return p as StoredPayload;
}

/** Builds the request body of a draft, stamped with `documentIssueDate` = `now`. */
export function buildBody(level: NotificationLevel, payload: StoredPayload, now: number): unknown {
  const options = { documentIssueDate: now };
  switch (level) {
    case 'transport':
      return buildTransport(payload.draft as TransportDraft, options);
    case 'master-consignment':
      return buildMasterConsignment(payload.draft as MasterConsignmentDraft, {
        ...options,
        ...(payload.receptacleIds !== undefined && payload.receptacleIds.length > 0 ? { receptacleIds: payload.receptacleIds } : {}),
      });
    case 'house-consignment':
      return buildHouseConsignment(payload.draft as HouseConsignmentDraft, options);
  }
}
