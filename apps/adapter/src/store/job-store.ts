import type { ManifestState, NotificationOperation, NotificationState } from './states.js';

/** Folds per-state row counts into what an operator reads (see {@link ManifestCounts}). */
export function manifestCounts(byState: Readonly<Partial<Record<NotificationState, number>>>): ManifestCounts {
  const n = (s: NotificationState): number => byState[s] ?? 0;
  const total = Object.values(byState).reduce<number>((a, b) => a + (b ?? 0), 0);
  return {
    total,
    sent: n('submitted') + n('outcome-unknown') + n('accepted') + n('routed') + n('rejected'),
    accepted: n('accepted') + n('routed') + n('unchanged'),
    rejected: n('rejected'),
    invalid: n('invalid'),
    pending: n('planned') + n('submitting') + n('submitted') + n('outcome-unknown'),
  };
}

/** The outcome of a manifest whose rows are settled (see {@link ManifestOutcome}). */
export function settledOutcome(counts: ManifestCounts): Exclude<ManifestOutcome, 'failed'> {
  const bad = counts.rejected + counts.invalid;
  if (bad === 0) return 'accepted';
  return counts.accepted > 0 ? 'accepted-with-rejections' : 'rejected';
}

/** Digitoll message level (the URL segment). Same union as the contract's `NotificationLevel`. */
export type NotificationLevel = 'transport' | 'master-consignment' | 'house-consignment';
/** Same union as `@tollkit/codesets` `TransportMode`. */
export type TransportMode = 'road' | 'air' | 'rail' | 'maritime';

/** Customs' synchronous error shape (HTTP 400). */
export interface FieldError {
  field: string;
  error: string;
}
/** Customs' asynchronous error shape (validation-status FAILURE). */
export interface ValidationErrorListItem {
  description: string;
  pointer: { messageElementPath: string };
}
/** Any error Customs (or local pre-validation) reported for a notification. */
export type NotificationError = FieldError | ValidationErrorListItem;

/** Why a manifest failed, kept for the error report. */
export interface ManifestFailure {
  code: string;
  message: string;
}

/**
 * How a manifest ended (stored once it is archived or failed; `null` while in progress):
 * - `accepted`: every row accepted by Customs (or unchanged from an accepted earlier version);
 * - `accepted-with-rejections`: some rows accepted, some rejected by Customs or invalid locally;
 * - `rejected`: rows, but none accepted;
 * - `failed`: the file itself could not be used (moved to `failed/` with an error report).
 */
export type ManifestOutcome = 'accepted' | 'accepted-with-rejections' | 'rejected' | 'failed';
export const manifestOutcomes: readonly ManifestOutcome[] = ['accepted', 'accepted-with-rejections', 'rejected', 'failed'];

/** A manifest's rows by what they mean to an operator (see {@link manifestCounts}). */
export interface ManifestCounts {
  /** Every row of the manifest. */
  readonly total: number;
  /** Rows that went to Customs (submitted, outcome unknown, accepted, routed, rejected). */
  readonly sent: number;
  /** Accepted, routed, or unchanged from an accepted earlier version. */
  readonly accepted: number;
  /** Rejected by Customs. */
  readonly rejected: number;
  /** Failed local validation (never sent). */
  readonly invalid: number;
  /** Not settled yet (planned, submitting, submitted, outcome unknown). */
  readonly pending: number;
}

/** Which rows a resubmission sends again: the rejected/invalid ones, or also the accepted ones (as PUT by MRN). */
export type ResubmitMode = 'rejected' | 'all';

/** A manifest file taken from a channel, and where its processing stands. */
export interface ManifestRecord {
  readonly id: string;
  readonly channel: string;
  /** The name the partner gave the file in the inbox. */
  readonly originalName: string;
  /** The unique name under `processing/` the file was claimed to. */
  readonly processingName: string;
  /** `sha256:<hex>` of the file's bytes. */
  readonly contentHash: string;
  readonly size: number;
  readonly state: ManifestState;
  /** Set when this is a changed version of an earlier manifest with the same channel + name. */
  readonly previousManifestId: string | null;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  /** Not to be leased again before this instant (ms since epoch), e.g. while waiting for Customs. */
  readonly retryAt: number | null;
  /** How many times a lease was taken on this manifest (a crash loop shows here). */
  readonly leaseCount: number;
  readonly failure: ManifestFailure | null;
  /** Free-form summary the pipeline stores when results are written (counts, result file name). */
  readonly result: Record<string, unknown> | null;
  readonly receivedAt: number;
  readonly updatedAt: number;
  /** How it ended; `null` while in progress. */
  readonly outcome: ManifestOutcome | null;
  /** The row counts stored with {@link outcome}; `null` while in progress (count the rows then). */
  readonly outcomeCounts: ManifestCounts | null;
  /** Set when this version was received through a resubmission request ({@link JobStore.requestResubmission}). */
  readonly resubmit: ResubmitMode | null;
}

/** What `receiveManifest` is told about a freshly claimed file. */
export interface ReceiveManifestInput {
  channel: string;
  originalName: string;
  processingName: string;
  contentHash: string;
  size: number;
}

/**
 * - `new`: first time this channel + name is seen, or the same content again after the earlier one
 *   `failed` or had notifications Customs rejected (they are sent again; `previousManifestId` is set).
 * - `changed`: same channel + name as an earlier manifest, different content; `manifest.previousManifestId` is set.
 * - `duplicate`: same channel + name + content as the latest version `manifest` (the same file dropped
 *   again): a no-op. Re-dropping an OLDER version after a change is a `changed` (it is one at Customs).
 * - `already-received`: this very claimed file was recorded before (recovery after a crash).
 */
export type ReceiveManifestOutcome = 'new' | 'changed' | 'duplicate' | 'already-received';

export interface ReceiveManifestResult {
  readonly outcome: ReceiveManifestOutcome;
  /** The new record, or for `duplicate`/`already-received` the existing one. */
  readonly manifest: ManifestRecord;
}

/** A lease request: who asks, for how long. */
export interface LeaseOptions {
  /** A unique id of the adapter instance (e.g. hostname:pid:random). */
  owner: string;
  leaseMs: number;
  /** Only manifests of this channel. */
  channel?: string;
}

/** A compare-and-set state change of a manifest, done only by the lease holder. */
export interface ManifestTransition {
  from: ManifestState;
  to: ManifestState;
  owner: string;
  failure?: ManifestFailure;
  result?: Record<string, unknown>;
  /** Stored with the move (set when the manifest reaches `archived` or `failed`). */
  outcome?: { readonly outcome: ManifestOutcome; readonly counts: ManifestCounts };
}

/** One notification the pipeline wants for a manifest (output of parsing + local validation). */
export interface PlannedNotificationInput {
  level: NotificationLevel;
  mode: TransportMode;
  documentNumber: string;
  /** The document type (e.g. `N740`, `N741`); part of the key. */
  type: string;
  /** Carrier identifier where the key needs it (e.g. the house's carrier); part of the key. */
  carrier?: string;
  /** Order within the manifest (row number), for result files. */
  position: number;
  /** `sha256:<hex>` of the canonical request body (without volatile fields like documentIssueDate). */
  payloadHash: string;
  /** The draft/body to send, kept so a restart can send without re-parsing. */
  payload: unknown;
  /** `delete` for a cancellation; otherwise create/update is decided by the store. */
  cancel?: boolean;
  /** Local pre-validation errors: the row becomes `invalid` and is never sent. */
  invalidErrors?: readonly NotificationError[];
}

/** A notification (one Digitoll message) and its progress. */
export interface NotificationRecord {
  readonly id: string;
  readonly manifestId: string;
  readonly level: NotificationLevel;
  readonly mode: TransportMode;
  readonly documentNumber: string;
  readonly type: string;
  readonly carrier: string | null;
  /** `level|documentNumber|type|carrier`: identity of the document at Customs across manifest versions. */
  readonly key: string;
  readonly position: number;
  readonly operation: NotificationOperation;
  readonly payloadHash: string;
  readonly payload: unknown;
  readonly state: NotificationState;
  /** The earlier notification with the same key this one updates/repeats/deletes. */
  readonly previousNotificationId: string | null;
  readonly requestId: string | null;
  readonly mrn: string | null;
  readonly errors: readonly NotificationError[];
  readonly incompleteReasons: readonly string[];
  readonly submitAttempts: number;
  readonly pollAttempts: number;
  readonly lookupAttempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A compare-and-set state change of a notification. Entering `submitting` counts a submit attempt. */
export interface NotificationTransition {
  from: NotificationState;
  to: NotificationState;
  /**
   * A different operation than planned: an `update` whose earlier versions Customs all rejected
   * becomes a `create` when it is sent (there is nothing to update).
   */
  operation?: NotificationOperation;
  requestId?: string;
  mrn?: string;
  errors?: readonly NotificationError[];
  incompleteReasons?: readonly string[];
  lastError?: string | null;
  nextAttemptAt?: number | null;
}

/** Counting a poll or a lookup without changing state. */
export interface NotificationAttempt {
  kind: 'poll' | 'lookup';
  lastError?: string | null;
  nextAttemptAt?: number | null;
}

export interface NotificationQuery {
  documentNumber?: string;
  /** Rows whose `type` starts with this text (e.g. `presentation/container`). */
  typePrefix?: string;
  /** A transport's means id: transports whose document number is `<transportId>@<scheduled arrival>`. */
  transportId?: string;
  mrn?: string;
  requestId?: string;
  states?: readonly NotificationState[];
  limit?: number;
}

/** What {@link JobStore.planNotificationsStream} stored for a manifest. */
export interface PlannedNotificationCounts {
  /** All rows of the manifest (including those an interrupted earlier call stored). */
  readonly notifications: number;
  readonly byState: Readonly<Partial<Record<NotificationState, number>>>;
}

/** A page request of {@link JobStore.pageNotifications}. */
export interface NotificationPage {
  /** Rows after this one in (`position`, `id`) order; omit for the first page. */
  readonly after?: { readonly position: number; readonly id: string } | undefined;
  readonly limit: number;
  readonly states?: readonly NotificationState[] | undefined;
  readonly levels?: readonly NotificationLevel[] | undefined;
}

export interface ManifestQuery {
  id?: string;
  channel?: string;
  originalName?: string;
  processingName?: string;
  states?: readonly ManifestState[];
  limit?: number;
}

/** A page request of {@link JobStore.pageManifests}: newest first. */
export interface ManifestPageQuery {
  readonly channel?: string | undefined;
  readonly states?: readonly ManifestState[] | undefined;
  /** `pending` = no outcome yet (in progress). */
  readonly outcomes?: readonly (ManifestOutcome | 'pending')[] | undefined;
  /** Received at or after this instant (ms since epoch). */
  readonly since?: number | undefined;
  /** Manifests received before this one in (`receivedAt`, `id`) descending order; omit for the first page. */
  readonly before?: { readonly receivedAt: number; readonly id: string } | undefined;
  readonly limit: number;
}

/** A request to process a file again although its content was processed before. */
export interface ResubmissionInput {
  channel: string;
  originalName: string;
  contentHash: string;
  mode: ResubmitMode;
  /** The manifest the file is resubmitted from, when known. */
  ofManifestId?: string;
  /** Who asked (operator name, `cli`), for the record. */
  requestedBy?: string;
}

/** One routing decision from Customs' routing feed. */
export interface RoutingResultInput {
  mrn: string;
  /** e.g. TO_ENTRY, TO_CONTROL, ENTRY_PENDING, ENTRY_DENIED */
  decision: string;
  /** The raw feed item, stored as is. */
  payload: unknown;
  /** Instant Customs gave the item (ms since epoch), when known. */
  issuedAt?: number;
  /**
   * The notification the item belongs to when none of ours holds `mrn` (the transport-level feed: another party's
   * house on our transport is attributed to our transport notification, its manifest and channel).
   */
  notificationId?: string;
}

/** A routing result newly stored, with the notification/manifest/channel it belongs to (if known). */
export interface RecordedRoutingResult {
  readonly id: string;
  readonly mrn: string;
  readonly decision: string;
  readonly payload: unknown;
  readonly issuedAt: number | null;
  readonly receivedAt: number;
  readonly notificationId: string | null;
  readonly manifestId: string | null;
  readonly channel: string | null;
}

/** Moving the routing feed's marker together with the items read up to it. */
export interface RoutingMarkerAdvance {
  feed: string;
  /** The marker read before fetching; `undefined` for the very first read. */
  expected: string | undefined;
  next: string;
}

/** A file to write into a channel's outbox. */
export interface OutboxInput {
  channel: string;
  fileName: string;
  content: string | Uint8Array;
  kind: 'result' | 'routing' | 'error-report' | 'emergency';
  manifestId?: string;
}

export interface OutboxRecord {
  readonly id: string;
  readonly channel: string;
  readonly fileName: string;
  readonly content: Buffer;
  readonly kind: 'result' | 'routing' | 'error-report' | 'emergency';
  readonly manifestId: string | null;
  readonly state: 'pending' | 'written';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: number | null;
  readonly retryAt: number | null;
  readonly createdAt: number;
  readonly writtenAt: number | null;
}

/** What an operator did in the console, kept for the record (who, when, what, and how it went). */
export type OperatorActionKind = 'replay' | 'resubmit' | 'acknowledge';
export interface OperatorActionInput {
  /** The operator's configured name. */
  operator: string;
  action: OperatorActionKind;
  /** The manifest acted on, when there is one. */
  manifestId?: string | undefined;
  /** What was named (file name, manifest id), as shown to operators. */
  target: string;
  /** `refused`: not allowed or not possible (the reason is in `detail`); `failed`: it broke. */
  outcome: 'done' | 'refused' | 'failed';
  detail?: string | undefined;
}
export interface OperatorActionRecord {
  readonly id: string;
  /** When (ms since epoch). */
  readonly at: number;
  readonly operator: string;
  readonly action: OperatorActionKind;
  readonly manifestId: string | null;
  readonly target: string;
  readonly outcome: 'done' | 'refused' | 'failed';
  readonly detail: string | null;
}

/** A page request of {@link JobStore.pageRoutingResults}: newest first. */
export interface RoutingResultPage {
  /** Results received before this one in (`receivedAt`, `id`) descending order; omit for the first page. */
  readonly before?: { readonly receivedAt: number; readonly id: string } | undefined;
  readonly limit: number;
}

/** Counts for metrics (queue depths). */
export interface QueueDepths {
  readonly manifests: Readonly<Record<ManifestState, number>>;
  readonly notifications: Readonly<Record<NotificationState, number>>;
  readonly outboxPending: number;
}

/**
 * The adapter's durable state. Every method is atomic. Changes of state are compare-and-set:
 * a method returns `undefined`/`false` when the row was not in the expected state or the caller
 * does not hold the lease (another instance got there first) — drop the work then, don't retry.
 *
 * Two implementations: SQLite (one process, a data folder) and PostgreSQL (several instances).
 */
export interface JobStore {
  readonly kind: 'sqlite' | 'postgres';

  /** Records a claimed file; idempotent by channel + name + content hash (see {@link ReceiveManifestOutcome}). */
  receiveManifest(input: ReceiveManifestInput): Promise<ReceiveManifestResult>;
  /**
   * Takes the lease on the oldest manifest that is not archived/failed, whose lease is free or
   * expired and whose `retryAt` has passed. A `received` manifest becomes `claimed`.
   * Two callers never get the same manifest while a lease is valid.
   */
  leaseNextManifest(options: LeaseOptions): Promise<ManifestRecord | undefined>;
  /** Extends the lease; `false` when the caller no longer holds it. */
  renewManifestLease(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Gives the lease back, optionally not to be leased again before `retryAt`. */
  releaseManifestLease(id: string, owner: string, retryAt?: number): Promise<boolean>;
  /** CAS on state + lease owner. Throws `STORE_INVALID_TRANSITION` for a move the machine forbids. */
  transitionManifest(id: string, change: ManifestTransition): Promise<ManifestRecord | undefined>;
  getManifest(id: string): Promise<ManifestRecord | undefined>;
  findManifests(query: ManifestQuery): Promise<ManifestRecord[]>;
  /** One page of manifests, newest first (keyset paging on `receivedAt`, `id`; indexed filters). */
  pageManifests(query: ManifestPageQuery): Promise<ManifestRecord[]>;
  /**
   * The next `receiveManifest` of this channel + name + content creates a new version (instead of
   * a `duplicate`) marked with `mode`; its planner then sends again what was rejected or invalid,
   * and with `all` also re-sends accepted rows as updates (PUT by MRN, never a second create).
   */
  requestResubmission(input: ResubmissionInput): Promise<void>;

  /**
   * Stores the manifest's notifications, deciding per key: `create` (new key), `update` (PUT by
   * the earlier MRN: payload changed), `unchanged` (same payload as the earlier accepted one; behind
   * one with the same payload still in flight the row stays `planned` for the pipeline to settle),
   * `delete` (cancellation; `invalid` when there is nothing to cancel), `invalid` (local errors).
   * The earlier notification is the newest one with the same key from another manifest that was
   * not rejected/invalid; its MRN is copied (it may still be `null` while that one is in flight:
   * the pipeline then waits for it via `previousNotificationId`). Idempotent: a second call for the same
   * manifest returns the rows stored by the first. Only the manifest's lease holder may plan.
   */
  planNotifications(
    manifestId: string,
    owner: string,
    items: readonly PlannedNotificationInput[],
  ): Promise<NotificationRecord[] | undefined>;
  /**
   * Stores a manifest's notifications from a stream, in batches (default 1,000 rows per
   * transaction, yielding to the event loop between batches), with the same per-key decisions as {@link planNotifications}; never holds more
   * than one batch. Only the lease holder of a `claimed` manifest may plan (checked per batch:
   * `undefined` when the lease was lost). Resumable: rows an interrupted earlier call stored are
   * kept (same key at the same position = already stored) and only the missing ones are added, so
   * after a crash mid-plan a second call over the same items stores each row exactly once. A key
   * twice at different positions throws a `TypeError`. The caller moves the manifest to `parsed`
   * only after this returns: until then a manifest in `claimed` with rows is an unfinished plan.
   * Returns the counts per state of the manifest's rows, not the rows.
   */
  planNotificationsStream(
    manifestId: string,
    owner: string,
    items: AsyncIterable<PlannedNotificationInput>,
    options?: { readonly batchSize?: number },
  ): Promise<PlannedNotificationCounts | undefined>;
  /**
   * Drops an unfinished plan of a `claimed` manifest the caller leases (before failing it): rows
   * nothing refers to are deleted; rows another manifest already planned against (its
   * `previousNotificationId`) become `invalid` with `reason`. `false` when not the lease holder.
   */
  discardPlannedNotifications(manifestId: string, owner: string, reason: string): Promise<boolean>;
  /** How many of the manifest's notifications are in each state (states with none are absent). */
  countNotifications(manifestId: string): Promise<Partial<Record<NotificationState, number>>>;
  /** {@link countNotifications} for several manifests in one indexed query (ids without rows are absent). */
  countNotificationsOf(manifestIds: readonly string[]): Promise<Map<string, Partial<Record<NotificationState, number>>>>;
  /** The most lookups or polls (whichever is larger) any of the manifest's rows in `states` took; 0 when none. */
  maxNotificationAttempts(manifestId: string, states: readonly NotificationState[]): Promise<number>;
  /**
   * One page of the manifest's notifications in `position` order (keyset paging: pass the last
   * row's `position` and `id` as `after`), optionally only some states or levels.
   */
  pageNotifications(manifestId: string, page: NotificationPage): Promise<NotificationRecord[]>;
  /** CAS on state. Throws `STORE_INVALID_TRANSITION` for a move the machine forbids. */
  transitionNotification(id: string, change: NotificationTransition): Promise<NotificationRecord | undefined>;
  /** Counts a poll/lookup attempt; `false` when the notification is not in `expectedState`. */
  recordNotificationAttempt(
    id: string,
    expectedState: NotificationState,
    attempt: NotificationAttempt,
  ): Promise<boolean>;
  getNotification(id: string): Promise<NotificationRecord | undefined>;
  /** The manifest's notifications in `position` order. */
  listNotifications(manifestId: string): Promise<NotificationRecord[]>;
  findNotifications(query: NotificationQuery): Promise<NotificationRecord[]>;

  getRoutingMarker(feed: string): Promise<string | undefined>;
  /**
   * Stores new routing results (duplicates by MRN + decision + payload ignored), moves accepted
   * notifications with those MRNs to `routed`, and — when `marker` is given — advances the feed
   * marker by CAS in the same transaction. Returns `undefined` (nothing stored) when the marker
   * moved meanwhile (another instance consumed the page).
   */
  recordRoutingResults(
    items: readonly RoutingResultInput[],
    marker?: RoutingMarkerAdvance,
  ): Promise<RecordedRoutingResult[] | undefined>;
  listRoutingResults(mrn: string): Promise<RecordedRoutingResult[]>;
  /** {@link listRoutingResults} for several MRNs in one indexed query (a page of rows at once). */
  listRoutingResultsFor(mrns: readonly string[]): Promise<RecordedRoutingResult[]>;

  /** Queues a file for a channel's outbox. Same channel + file name twice is a no-op returning the first. */
  enqueueOutbox(input: OutboxInput): Promise<OutboxRecord>;
  /** Takes the lease on the oldest pending outbox file (whose retryAt has passed). */
  leaseNextOutbox(options: LeaseOptions): Promise<OutboxRecord | undefined>;
  /**
   * Marks the file written; for a `result` file the linked manifest moves from
   * `awaiting-results` to `results-written` in the same transaction.
   */
  markOutboxWritten(id: string, owner: string): Promise<boolean>;
  /** Counts a failed write and frees the lease until `retryAt`. */
  markOutboxRetry(id: string, owner: string, failure: { error: string; retryAt: number }): Promise<boolean>;

  /** Owners of the leases still running (manifests and outbox files): who may be working right now. */
  leaseOwners(): Promise<string[]>;
  /**
   * Frees every lease `owner` holds (manifests and outbox files), for an owner known to be gone —
   * an instance on this host whose process has ended. Retry times are kept. Returns how many were freed.
   */
  releaseLeasesOf(owner: string): Promise<{ manifests: number; outbox: number }>;

  /** Records an operator's action (console or CLI). */
  recordOperatorAction(input: OperatorActionInput): Promise<OperatorActionRecord>;
  /** Operator actions, newest first; only those on one manifest, or only one kind, when asked. */
  listOperatorActions(query: { readonly manifestId?: string; readonly action?: OperatorActionKind; readonly limit: number }): Promise<OperatorActionRecord[]>;
  /** The successful `acknowledge` actions of these manifests (the latest per manifest). */
  acknowledgementsOf(manifestIds: readonly string[]): Promise<Map<string, OperatorActionRecord>>;
  /** How many manifests ended with each outcome; `pending` = not finished yet (every key present). */
  countManifestsByOutcome(): Promise<Record<ManifestOutcome | 'pending', number>>;
  /** Routing results, newest first (keyset paging on `receivedAt`, `id`). */
  pageRoutingResults(page: RoutingResultPage): Promise<RecordedRoutingResult[]>;
  /** The outbox files (results, error reports) queued for a manifest, oldest first. */
  listOutboxOf(manifestId: string): Promise<OutboxRecord[]>;

  /** Manifests and notifications per state, pending outbox files (counts every notification: for /metrics and the console). */
  queueDepths(): Promise<QueueDepths>;
  /**
   * Outbox files waiting to be written (`/healthz`): one indexed count, however many notifications
   * the store holds — unlike {@link queueDepths}, which counts them all.
   */
  outboxPending(): Promise<number>;
  /**
   * One trivial round trip: resolves when the store can take writes now, rejects with the reason
   * otherwise (database down, SQLite file deleted or replaced, store closed). Intake asks before it
   * claims files, so nothing leaves an inbox while the store cannot record it.
   */
  ping(): Promise<void>;
  /** Closes connections. Further calls throw `STORE_CLOSED`. */
  close(): Promise<void>;
}
