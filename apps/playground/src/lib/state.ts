import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DocumentKey, NotificationLevel, TransportMode } from './domain.js';

/** One MO notification as the playground stores it. */
export interface NotificationRecord {
  mrn: string;
  level: NotificationLevel;
  mode: TransportMode;
  /** The last accepted body. */
  body: Record<string, unknown>;
  submitterOrg: string;
  status: 'ACTIVE' | 'CANCELLED' | 'AUTO_CANCELLED';
  createdAt: number;
  updatedAt: number;
  cancelledAt?: number;
  incompleteReasons: string[];
  /** Transports only: when the transport arrived (admin command or arrival API). */
  arrivedAt?: number;
  customsOfficeOfEntry?: string;
}

/** Result as `validation-status` returns it. */
export interface ValidationStatusBody {
  status: 'SUCCESS' | 'FAILURE';
  requestId: string;
  notificationDate: string;
  mrn?: string;
  incompleteDocumentationReasonList?: string[];
  validationErrorList: { description: string; pointer: { messageElementPath: string } }[];
}

export type RequestKind = 'notification' | 'relation' | 'arrival' | 'presentation';

/** A request waiting for (or finished with) asynchronous validation. */
export interface RequestRecord {
  requestId: string;
  kind: RequestKind;
  operation: 'CREATE' | 'UPDATE' | 'DELETE';
  org: string;
  mode?: TransportMode;
  level?: NotificationLevel;
  /** Presentation endpoint (`house-consignment`, `receptacle`, …) */
  presentationKind?: string;
  body: unknown;
  targetMrn?: string;
  submittedAt: number;
  /** Content rules judged at submission (code lists, procedures, reference data); state rules run at processing. */
  ruleErrors?: { description: string; pointer: { messageElementPath: string } }[];
  /** A house's `incompleteDocumentationReasonList` as judged at submission with its rules (absent: judged at processing). */
  incompleteReasons?: string[];
  result?: ValidationStatusBody;
}

/** A relation (linking) message (§7.6). */
export interface RelationRecord {
  mrn: string;
  mode: TransportMode;
  parentObjectType: string;
  parentObjectReference: string;
  childObjectType: string;
  childObjectReference: string;
  submitterOrg: string;
  representativeOrg?: string;
  status: 'ACTIVE' | 'CANCELLED';
  createdAt: number;
}

/** One entry of the routing feed (§10.3). */
export interface RoutingRecord {
  id: string;
  seq: number;
  house: DocumentKey;
  houseMrn?: string;
  transportMrn?: string;
  entrySummaryDeclarationMRN: string;
  receptacleId: string;
  routing: 'TO_ENTRY' | 'TO_CONTROL' | 'ENTRY_PENDING' | 'ENTRY_DENIED';
  routingControlLocation?: 'ON_ENTRY' | 'AFTER_ENTRY';
  documentIssueDate: number;
  /** Dataset routings are visible only to the parties that presented them. */
  fromDataset: boolean;
}

/** A registered Maskinporten client. */
export interface ClientRecord {
  clientId: string;
  orgNumber: string;
  scopes: string[];
  certificatePem?: string;
  jwks?: { kid: string; jwk: Record<string, unknown> }[];
}

/** A document accepted by the document API (§4.5): its metadata only, the bytes are not kept. */
export interface DocumentRecord {
  documentId: string;
  /** TVINN declaration id as given in the path, e.g. `123456789-10082022-1`. */
  declarationId: string;
  documentType: string;
  fileName: string;
  /** Media type the file was stored as (from its extension). */
  contentType: string;
  size: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  /** Organisation that uploaded it (from the Customs token). */
  org: string;
  uploadedAt: number;
}

/** Everything the playground remembers; JSON-serialisable. */
export interface PlaygroundState {
  version: 1;
  notifications: NotificationRecord[];
  requests: RequestRecord[];
  relations: RelationRecord[];
  routing: RoutingRecord[];
  /** Presented house keys per organisation: `org -> ["documentNumber|type", …]`. */
  presented: Record<string, string[]>;
  /** Client-supplied presentation requestIds already used. */
  presentationRequestIds: string[];
  clients: ClientRecord[];
  /** Used grant `jti`s with the grant's expiry (epoch ms). */
  usedJtis: Record<string, number>;
  clockOffsetMs: number;
  /** Uploaded documents (absent in state files written before the document API existed). */
  documents?: DocumentRecord[];
}

export function emptyState(): PlaygroundState {
  return { version: 1, notifications: [], requests: [], relations: [], routing: [], presented: {}, presentationRequestIds: [], clients: [], usedJtis: {}, clockOffsetMs: 0, documents: [] };
}

/** Loads a state file; a missing file gives an empty state, a corrupt one throws with the path. */
export function loadState(path: string): PlaygroundState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<PlaygroundState>;
  if (parsed.version !== 1) throw new TypeError(`state file ${path}: unsupported version ${String(parsed.version)}`);
  return { ...emptyState(), ...parsed } as PlaygroundState;
}

/** Writes the state atomically (temp file, then rename). */
export function saveState(path: string, state: PlaygroundState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}
