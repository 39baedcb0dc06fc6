/**
 * What the pipeline needs from the outside world, as narrow structural interfaces. The real
 * `@tollkit/digitoll-client` client, the intake channels and pino satisfy them; the pipeline
 * never imports those implementations, so it can be driven from the service, the CLI and tests.
 */
import type { JobStore, NotificationLevel, TransportMode } from '../store/job-store.js';
import type { ParsedManifest } from './lib/manifest-types.js';
import type { OutputConventions } from './lib/output-conventions.js';
import type { RequestSlots } from './lib/request-slots.js';

/** Structured logger (pino's call shape: `log.info({ … }, 'message')`). Never pass secrets. */
export interface PipelineLog {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** A logger that drops everything. */
export const silentLog: PipelineLog = { debug() {}, info() {}, warn() {}, error() {} };

/** A Digitoll error as the client raises it (match on `code`). */
export interface DigitollErrorLike extends Error {
  readonly code: string;
  readonly category: string;
  /** HTTP 400 `validationErrors` when Customs rejected the body synchronously. */
  readonly validationErrors?: readonly { field: string; error: string }[] | undefined;
}

/** A notification Customs already holds (lookup by document number). */
export interface FoundNotificationLike {
  readonly mrn?: string | undefined;
  readonly documentStatus?: string | undefined;
  readonly incompleteDocumentationReasonList?: readonly string[] | undefined;
}

export type SubmitOutcomeLike =
  | { readonly status: 'accepted'; readonly requestId: string }
  | { readonly status: 'already-submitted'; readonly existing: FoundNotificationLike };

/** One validation-status result (see `waitForValidation` of the Digitoll client). */
export type ValidationResultLike =
  | {
      readonly requestId: string;
      readonly outcome: 'success';
      readonly mrn: string | undefined;
      readonly incompleteDocumentationReasons: readonly string[];
    }
  | {
      readonly requestId: string;
      readonly outcome: 'failure';
      readonly status: { readonly validationErrorList?: readonly { description: string; pointer?: { messageElementPath?: string | undefined } | undefined }[] | undefined };
    }
  | {
      readonly requestId: string;
      readonly outcome: 'already-in-use';
      readonly conflict: { readonly description: string; readonly messageElementPath: string | undefined; readonly existingMrn: string | undefined };
    }
  | { readonly requestId: string; readonly outcome: 'timeout' }
  | { readonly requestId: string; readonly outcome: 'error'; readonly error: Error };

/** Where a requestId's validation status is read. */
export type ValidationTargetLike =
  | { api: 'notification'; mode: TransportMode; level: NotificationLevel }
  | { api: 'presentation' }
  | { api: 'relation'; mode: TransportMode }
  | { api: 'arrival' };

/** A transport's entry status (docs/digitoll.md §8.6). */
export interface EntryStatusLike {
  readonly validEntry: boolean;
  readonly customsOfficeOfEntry?: string | null | undefined;
  readonly timeOfEntry?: string | undefined;
  readonly mrn?: string | undefined;
}

/** The presentation endpoints (`…/presentation/v1/{kind}`). */
export type PresentationKindLike = 'house-consignment' | 'master-consignment' | 'receptacle' | 'container' | 'entry-summary-declaration';

/** One routing feed item (only the parts the pipeline reads; the rest is stored as is). */
export interface RoutingItemLike {
  readonly transportDocumentHouseLevel?: { referenceNumber?: string | undefined; documentNumber?: string | undefined; type?: string | undefined } | undefined;
  readonly entrySummaryDeclarationMRN?: string | undefined;
  readonly receptacleId?: string | undefined;
  readonly routingResult: {
    readonly id: string;
    readonly routing?: string | undefined;
    readonly routingControlLocation?: string | undefined;
    readonly documentIssueDate?: string | undefined;
  };
  /** The transport the house is on (the routing feeds carry its times and means; docs/digitoll.md §10.3). */
  readonly scheduledTimeOfArrival?: string | undefined;
  readonly activeBorderTransportMeans?: { identificationNumber?: string | undefined; typeOfIdentification?: string | undefined } | undefined;
}

/** The Digitoll operations the pipeline uses (a subset of the `@tollkit/digitoll-client` client). */
export interface DigitollPort {
  submitNotification(input: { mode: TransportMode; level: NotificationLevel; body: unknown }): Promise<SubmitOutcomeLike>;
  updateNotification(input: { mode: TransportMode; level: NotificationLevel; mrn: string; body: unknown }): Promise<{ requestId: string }>;
  deleteNotification(input: { mode: TransportMode; level: NotificationLevel; mrn: string }): Promise<{ requestId: string }>;
  findNotification(input: {
    mode: TransportMode;
    level: 'master-consignment' | 'house-consignment';
    documentNumber: string;
    type: string;
    carrierId: string;
  }): Promise<FoundNotificationLike | undefined>;
  waitForValidation(
    requests: readonly { requestId: string; target: ValidationTargetLike }[],
    options?: { initialDelayMs?: number; pollIntervalMs?: number; maxPollIntervalMs?: number; deadlineMs?: number; concurrency?: number },
  ): Promise<readonly ValidationResultLike[]>;
  /**
   * Presents goods (`POST …/presentation/v1/{kind}`) with the `requestId` in the body (stored before
   * the call); a lost answer throws (outcome unknown), never re-sent inside the client.
   */
  present(input: { kind: PresentationKindLike; body: Record<string, unknown> }): Promise<{ requestId: string }>;
  /**
   * Creates a representation relation (`POST {mode base}/relation`). Customs assigns the requestId
   * (in the 202); a lost answer throws `DIGITOLL_OUTCOME_UNKNOWN` and is never re-sent by the client.
   */
  createRelation(mode: TransportMode, body: Record<string, unknown>): Promise<{ requestId: string }>;
  /**
   * Reports a transport's arrival (`POST …/arrival/v1/arrival`, only for organisations Customs has
   * authorised: 403 otherwise). Customs assigns the requestId; a lost answer is never re-sent.
   */
  submitArrival(body: Record<string, unknown>): Promise<{ requestId: string }>;
  /** A transport's entry status (`…/entry/status/{mrn}`); 404 (`DIGITOLL_NOT_FOUND`) until it has arrived. */
  getEntryStatus(mode: TransportMode, transportMrn: string): Promise<EntryStatusLike>;
  /** Masters (or houses) listed on a transport, with their MRNs when received. */
  listDocumentStatuses(
    mode: TransportMode,
    query: { readonly parent: 'transport'; readonly mrn: string; readonly children: 'master-consignment' | 'house-consignment' },
  ): Promise<readonly { readonly documentNumber: string; readonly type: string; readonly mrn?: unknown }[]>;
  getRoutingPage(options: { marker?: string | undefined; feed?: 'house-consignment' | 'transport' }): Promise<{
    readonly items: readonly RoutingItemLike[];
    readonly marker: string | undefined;
  }>;
}

/**
 * The file operations on one channel the pipeline needs once a file is claimed (the intake
 * layer lists, checks stability and claims; the pipeline reads, archives, fails and writes).
 * Every operation must be idempotent: after a crash it may be repeated.
 */
export interface PipelineChannel {
  readonly name: string;
  /** Reads a claimed file from `processing/`. */
  readProcessing(file: ClaimedRef): Promise<Buffer>;
  /**
   * Opens a claimed file in `processing/` as a byte stream (big manifests are parsed while read).
   * Optional: without it the pipeline reads the file whole with {@link readProcessing}. A
   * `destroy()` on the returned stream (as Node streams have) is called once planning ends.
   */
  openProcessing?(file: ClaimedRef): Promise<AsyncIterable<Uint8Array>>;
  /** Moves a claimed file to `archive/`. Already moved = success. */
  archive(file: ClaimedRef): Promise<void>;
  /** Writes `report` beside the file in `failed/` and moves the file there. Already moved = success. */
  fail(file: ClaimedRef, report: string): Promise<void>;
  /** Writes a file into the partner's outbox: temporary name first, then rename (overwrite allowed). */
  writeOutbox(fileName: string, content: Buffer): Promise<void>;
}

/** A claimed file as the store knows it. */
export interface ClaimedRef {
  readonly originalName: string;
  readonly processingName: string;
}

/** The result file format a channel asks for. */
export type ResultFormat = 'csv' | 'json' | 'xml';

/** How a channel's manifests are mapped and answered. */
export interface ChannelProfile {
  readonly name: string;
  /** Parsed mapping profile (as accepted by `@tollkit/manifest`). */
  readonly profile: unknown;
  /** Name of the profile, for reports. */
  readonly profileName: string;
  readonly resultFormat: ResultFormat;
  /**
   * How result and routing files are written (encoding, BOM, delimiter, decimal separator, time
   * zone); each one not given is like the manifest (see `outputConventions`).
   */
  readonly results?: Partial<OutputConventions> | undefined;
  /** Values for profile fields that take `param` (e.g. a dispatcher-entered arrival time). */
  readonly params?: Readonly<Record<string, string>> | undefined;
  /** Move every datetime of the files by whole days (`@tollkit/manifest` `dateRebase`); for demos and tests. */
  readonly dateRebase?: { readonly from: string; readonly to: string } | undefined;
  /** Auto-presentation: `<name>.arrived` files present what a transport's notifications announced (src/presentation). */
  readonly presentOnArrival?: PresentOnArrival | undefined;
}

/**
 * Auto-presentation of a channel's notified goods (config `presentOnArrival`, src/presentation):
 * `.arrived` files always; `triggers` adds `arrival-time` (notified arrival + `delayMs` passed) and
 * `entry-status` (Customs reports the transport arrived), which write such a file themselves.
 */
export interface PresentOnArrival {
  readonly office?: string | undefined;
  readonly trigger?: readonly ('file' | 'arrival-time' | 'entry-status')[] | undefined;
  readonly delayMs?: number | undefined;
}

/** Everything the pipeline's steps are given. */
export interface PipelineDeps {
  readonly store: JobStore;
  readonly client: DigitollPort;
  /** Channel settings and file operations by channel name. */
  channel(name: string): { settings: ChannelProfile; files: PipelineChannel } | undefined;
  readonly log: PipelineLog;
  readonly now: () => number;
  /** This instance's lease owner id. */
  readonly owner: string;
  readonly tuning: PipelineTuning;
  /**
   * The instance's request slots, shared by its workers (the service makes one set of
   * `tuning.requestsInFlight`); without it each round has slots of its own.
   */
  readonly requestSlots?: RequestSlots | undefined;
  /**
   * Parses a manifest's bytes with the channel's mapping profile (see `parseManifestFile`), for
   * steps without `planStream` (the carrier targets); Digitoll manifests are streamed instead
   * (`parseManifestStream`).
   */
  parse(bytes: Buffer, fileName: string, settings: ChannelProfile): Promise<ParsedManifest>;
  /** Called after each step (progress, metrics); optional. */
  onEvent?: ((event: PipelineEvent) => void) | undefined;
}

/** Progress reported by the pipeline (for metrics and logs). */
export type PipelineEvent =
  | { type: 'manifest-parsed'; manifestId: string; channel: string; notifications: number; invalid: number }
  | { type: 'notifications-sent'; manifestId: string; channel: string; count: number }
  /** One request (POST/PUT/DELETE) left and Customs took it (202, or "already held"); emitted per request. */
  | { type: 'notification-sent'; manifestId: string; channel: string }
  /** One row reached a final state through Customs' answer (accepted/rejected), as it happened. */
  | { type: 'notification-settled'; manifestId: string; channel: string; state: 'accepted' | 'rejected' }
  /** A leased manifest is being worked on (parsing, sending or polling): progress lines start. */
  | { type: 'manifest-active'; manifestId: string; channel: string; file: string }
  /** The manifest was released until `retryAt` (epoch ms): a worker may take it up again then. */
  | { type: 'manifest-waiting'; manifestId: string; retryAt: number }
  | { type: 'manifest-settled'; manifestId: string; channel: string; receivedAt: number; settledAt: number }
  | { type: 'manifest-archived'; manifestId: string; channel: string; outcome?: string | undefined }
  | { type: 'manifest-failed'; manifestId: string; channel: string; code: string }
  | { type: 'routing-recorded'; feed: 'house-consignment' | 'transport'; count: number; lagMs: number | undefined }
  | { type: 'outbox-written'; channel: string; kind: string }
  /** Customs could not be reached for a transport close to arrival: its emergency pack was queued to the outbox. */
  | { type: 'emergency-pack-queued'; manifestId: string; channel: string; transportNotificationId: string; packChannel: 'desk' | 'email' };

/** Timing and batch knobs (defaults in `defaultTuning`). */
export interface PipelineTuning {
  /** Lease on a manifest while working on it; renewed at a third of it. */
  readonly leaseMs: number;
  /** Lease on an outbox file while writing it (config `leases.outboxMs`); default `leaseMs`. */
  readonly outboxLeaseMs?: number | undefined;
  /**
   * Digitoll requests of manifest work (sends, lookups, validation-status polls) in flight at once
   * in this instance, shared by all its workers (config `service.requestsInFlight`). Default 16.
   */
  readonly requestsInFlight: number;
  /** Most POST/PUT/DELETE calls of one manifest in flight at once (within `requestsInFlight`). */
  readonly submitConcurrency: number;
  /** Most validation-status polls of one manifest in flight at once (within `requestsInFlight`). */
  readonly pollConcurrency: number;
  /** Wait before the first poll after a batch (Customs: ~2 s). */
  readonly initialPollDelayMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  /** How long one poll round may take before the manifest is released and retried later. */
  readonly pollRoundMs: number;
  /** Delay before a manifest with unfinished work is leased again. */
  readonly retryDelayMs: number;
  /** Log an error for a notification whose validation has not finished after this long. */
  readonly validationGiveUpMs: number;
  /**
   * A notification found in `submitting` is only treated as interrupted (looked up, maybe re-sent)
   * once it has been `submitting` this long: until then its request may still be in flight from
   * another worker whose lease lapsed. Must exceed the client's request timeout.
   */
  readonly inFlightGraceMs: number;
  /**
   * Customs' emergency routine (config `emergency`): a transport not yet accepted whose last request to Customs failed
   * and whose notified arrival is within `marginMs` gets its emergency pack in the outbox; `email` is Customs' address
   * for the e-mail routine. Default 2 h and `digitoll@toll.no`.
   */
  readonly emergency?: { readonly marginMs: number; readonly email: string } | undefined;
}

/**
 * The in-flight grace for a client whose requests time out after `requestTimeoutMs`: 1.5 × it (45 s
 * for the default 30 s). A POST is sent once (`maxAttempts: 1`) right after its row is marked
 * `submitting`, so after this long it has landed or never will; the half on top covers clock skew
 * between instances and the time a request waits for a connection.
 */
export function inFlightGraceFor(requestTimeoutMs: number): number {
  return Math.ceil(requestTimeoutMs * 1.5);
}

export const defaultTuning: PipelineTuning = {
  leaseMs: 60_000,
  requestsInFlight: 16,
  submitConcurrency: 16,
  pollConcurrency: 16,
  initialPollDelayMs: 1_500,
  pollIntervalMs: 1_000,
  maxPollIntervalMs: 30_000,
  pollRoundMs: 60_000,
  retryDelayMs: 5_000,
  validationGiveUpMs: 15 * 60_000,
  inFlightGraceMs: inFlightGraceFor(30_000),
  emergency: { marginMs: 2 * 3_600_000, email: 'digitoll@toll.no' },
};
