/** How a channel decides that a file in the inbox is complete. */
export interface ReadinessSettings {
  /**
   * - `stable`: size and mtime unchanged across two listings at least `stableForMs` apart.
   * - `done-marker`: the producer writes `<name><doneSuffix>` (e.g. `x.csv.done`) after the file.
   * - `rename`: the producer writes under a temporary name (`*.tmp`, `.*`) and renames; a visible
   *   file is complete at once.
   */
  mode: 'stable' | 'done-marker' | 'rename';
  stableForMs: number;
  doneSuffix: string;
}

/** Sub-folder names under the channel root. */
export interface ChannelFolders {
  inbox: string;
  processing: string;
  archive: string;
  failed: string;
  outbox: string;
}

/** What every channel kind is configured with. */
export interface ChannelSettings {
  name: string;
  /** Absolute path (local disk or remote server) under which all folders live. */
  root: string;
  folders: ChannelFolders;
  /** Globs on the file name; a file is a candidate when it matches one include and no exclude. */
  include: readonly string[];
  exclude: readonly string[];
  pollIntervalMs: number;
  readiness: ReadinessSettings;
  /** Files larger than this are not read (they fail with `INTAKE_FILE_TOO_LARGE`). */
  maxFileBytes: number;
  now?: () => number;
}

/** A candidate file in the inbox. */
export interface InboxFile {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** A file in the inbox rejected by the name rules (`INTAKE_UNSAFE_NAME`). */
export interface RejectedFile {
  /** The name as listed (may hold control characters: JSON-escape it before showing it). */
  readonly name: string;
  /** Why the name is refused (`unsafeNameReason`). */
  readonly reason: string;
}

/** A rejected file that is complete (same readiness rules as candidates): ready to be refused. */
export interface RefusableFile extends RejectedFile {
  readonly size: number;
  readonly mtimeMs: number;
  /**
   * `false` when no file operation can address the name (it holds `/` or NUL, or, on SFTP, bytes
   * that were not UTF-8): such a file gets its report but stays in the inbox.
   */
  readonly addressable: boolean;
}

/** A rejected file after `Channel.refuse`: moved to `failed/` with an error report in the outbox. */
export interface RefusedFile extends RejectedFile {
  /** The report's name in the outbox (`<safe name>.error-<id8>.txt`). */
  readonly reportName: string;
  /** Its safe name in `failed/` (`<UTC stamp>-<id8>-refused-<safe name>`); `undefined` when it could not be moved. */
  readonly movedTo: string | undefined;
}

/** An inbox entry that matches the include patterns but is not a regular file: reported, left in place. */
export interface IrregularEntry {
  readonly name: string;
  readonly kind: 'symbolic link' | 'directory' | 'FIFO' | 'socket' | 'device' | 'other';
}

/** One look at the inbox. */
export interface ScanResult {
  /** Complete files, oldest first. */
  readonly ready: readonly InboxFile[];
  /** Candidates still being written (or waiting for their done-marker). */
  readonly waiting: readonly InboxFile[];
  /** Every inbox file with a refused name (complete or not), as listed. */
  readonly rejected: readonly RejectedFile[];
  /** The rejected files that are complete, for `Channel.refuse`. */
  readonly refusable: readonly RefusableFile[];
  /** Entries matching the include patterns that are not regular files (never claimed). */
  readonly irregular?: readonly IrregularEntry[];
}

/** A file this instance moved into `processing/` under a unique name. */
export interface ClaimedFile {
  readonly channel: string;
  readonly originalName: string;
  /** Unique name in `processing/` (`<UTC stamp>-<random>-<originalName>`). */
  readonly processingName: string;
  readonly claimedAt: number;
  /** Size and mtime as `listProcessing` saw them (set there, for the stability check of unrecorded files). */
  readonly size?: number;
  readonly mtimeMs?: number;
}

/** Size and content hash of a claimed file, read through with size verification. */
export interface FileDigest {
  readonly size: number;
  /** `sha256:<hex>` */
  readonly contentHash: string;
}

/** The bytes of a claimed file, read in full with size verification. */
export interface ReadFile extends FileDigest {
  readonly bytes: Buffer;
}

/** What {@link Channel.survey} saw, without changing anything. */
export interface ChannelSurvey {
  /** The channel root exists (locally or on the server). */
  readonly rootExists: boolean;
  /** Folders under the root that do not exist yet (`run` creates them). */
  readonly missingFolders: readonly string[];
  /** Files in the inbox the include patterns take. */
  readonly candidates: number;
  /** Files in the inbox no include pattern takes (not temporary, not a done-marker, not excluded): never processed. */
  readonly unmatched: readonly string[];
}

/** Called when the inbox may have changed (watch event or poll tick): call `scan()` then. */
export type WakeListener = () => void;

/**
 * A place partners drop manifests and pick up results: a local folder or an SFTP server.
 * Every move is atomic (rename), so several adapter instances can share one channel.
 */
export interface Channel {
  readonly name: string;
  readonly kind: 'local' | 'sftp';
  /**
   * How long a claimed file must stay unchanged in `processing/` before it is read and recorded:
   * `stableForMs` in `stable` mode (a producer that paused mid-write and resumes after the claim is
   * seen, and the file re-read once stable again), 0 in the other modes (complete at the claim).
   */
  readonly settleMs?: number;
  /** Creates missing folders, starts watching/polling. `onWake` is called when a scan is worthwhile. */
  start(onWake: WakeListener, onError?: (error: unknown) => void): Promise<void>;
  /** Stops watchers, timers and connections. */
  stop(): Promise<void>;
  /** Lists the inbox and runs the completeness check. */
  scan(): Promise<ScanResult>;
  /** Moves the file into `processing/` under a unique name; `undefined` when someone else took it first. */
  claim(file: InboxFile): Promise<ClaimedFile | undefined>;
  /** Files in `processing/` (claimed by any instance), for crash recovery. */
  listProcessing(): Promise<ClaimedFile[]>;
  /** Streams a claimed file in, hashing as it goes; verifies the size against the server's. */
  read(file: ClaimedFile): Promise<ReadFile>;
  /** The same without keeping the bytes: memory does not grow with the file (used when a file is received). */
  digest(file: ClaimedFile): Promise<FileDigest>;
  /**
   * Copies a claimed file to a new local file at `localPath` with the same checks (so a remote file can
   * be parsed as a stream from local disk); a failed copy is removed.
   */
  download(file: ClaimedFile, localPath: string): Promise<FileDigest>;
  /** Moves a processed file to `archive/`. */
  archive(file: ClaimedFile): Promise<void>;
  /** Writes `report` beside the file in `failed/` (as `<processingName><reportSuffix>`), then moves the file there. */
  fail(file: ClaimedFile, report: { content: string | Uint8Array; suffix?: string }): Promise<void>;
  /**
   * Moves a complete file with a refused name out of the inbox into `failed/` under a safe generated
   * name, after writing an error report (`INTAKE_UNSAFE_NAME`) into the outbox. Crash-safe and
   * idempotent (a repeat derives the same names); `undefined` when the file was gone (another
   * instance took it) or when this process already answered an unaddressable name.
   */
  refuse(file: RefusableFile): Promise<RefusedFile | undefined>;
  /** Writes a file into `outbox/` under a temporary name, then renames it (replacing an older one). */
  writeOutbox(fileName: string, content: string | Uint8Array): Promise<void>;
  /**
   * Moves a file from `archive/` or `failed/` back into the inbox as `inboxName` (replay,
   * resubmit), never replacing a file there, and writes its done-marker when the channel uses
   * them. `'missing'` when there is no such file, `'exists'` when the inbox already holds `inboxName`.
   */
  requeue(folder: 'archive' | 'failed', name: string, inboxName: string): Promise<'moved' | 'missing' | 'exists'>;
  /**
   * Writes a file of the adapter's own into the inbox (an automatic arrival trigger,
   * `src/presentation/watch-arrivals.ts`): temporary name first, then renamed (replacing a file of
   * that name still waiting there), plus its done-marker when the channel uses them.
   */
  writeInbox(fileName: string, content: string | Uint8Array): Promise<void>;
  /**
   * Looks at the root, the folders and the inbox WITHOUT creating or moving anything (`doctor`);
   * call it on a channel that is not started.
   */
  survey(): Promise<ChannelSurvey>;
}
