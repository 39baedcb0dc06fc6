/**
 * Errors raised by the adapter. Match on `code`, not `instanceof`; `category` tells the
 * pipeline what to do: `bad-data` (report to the partner), `transient` (retry later),
 * `config` (operator must fix the configuration), `bug` (alert).
 */
export type AdapterErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** Stable error codes of the adapter. */
export type AdapterErrorCode =
  | 'CONFIG_FILE_UNREADABLE'
  | 'CONFIG_SYNTAX'
  | 'CONFIG_INVALID'
  | 'CONFIG_SECRET_MISSING'
  | 'STORE_INVALID_TRANSITION'
  | 'STORE_SCHEMA_TOO_NEW'
  | 'STORE_MIGRATION_FAILED'
  | 'STORE_CLOSED'
  | 'STORE_UNAVAILABLE'
  | 'STORE_DATABASE_MISSING'
  | 'STORE_FILE_REPLACED'
  | 'STORE_BUSY'
  | 'SERVICE_HTTP_UNAVAILABLE'
  | 'INTAKE_TIMEOUT'
  | 'INTAKE_NOT_REGULAR_FILE'
  | 'INTAKE_UNSAFE_NAME'
  | 'INTAKE_PATH_ESCAPE'
  | 'INTAKE_FILE_TOO_LARGE'
  | 'INTAKE_SIZE_MISMATCH'
  | 'INTAKE_HOST_KEY_REJECTED'
  | 'INTAKE_CONNECTION_FAILED'
  | 'INTAKE_IO_FAILED'
  | 'INTAKE_CHANNEL_STOPPED'
  | 'ARRIVAL_ENTRY_STATUS_UNREADABLE'
  | 'COMMAND_NOT_FOUND'
  | 'COMMAND_REFUSED';

/** Base class of every adapter error. */
export class AdapterError extends Error {
  readonly code: AdapterErrorCode;
  readonly category: AdapterErrorCategory;

  constructor(code: AdapterErrorCode, category: AdapterErrorCategory, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = category;
  }
}

/** One problem found in the config file: where (dotted path) and what. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  /** 1-based line in the YAML/JSON file, when the problem is at a place in it. */
  readonly line?: number | undefined;
}

/** The config file is missing or unreadable. */
export class ConfigFileUnreadableError extends AdapterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG_FILE_UNREADABLE', 'config', message, options);
  }
}

/** The config file is not valid YAML/JSON. */
export class ConfigSyntaxError extends AdapterError {
  constructor(message: string) {
    super('CONFIG_SYNTAX', 'config', message);
  }
}

/** The config file parsed but does not satisfy the schema; `issues` lists every problem. */
export class ConfigInvalidError extends AdapterError {
  readonly issues: readonly ConfigIssue[];
  constructor(file: string, issues: readonly ConfigIssue[]) {
    super(
      'CONFIG_INVALID',
      'config',
      `${file}: ${issues.length} problem(s) in the configuration:\n` +
        issues.map((i) => `  - ${i.path === '' ? '(root)' : i.path}: ${i.message}${i.line === undefined ? '' : ` (line ${i.line})`}`).join('\n'),
    );
    this.issues = issues;
  }
}

/** A secret named by the config (environment variable or `_FILE` path) is not available. */
export class ConfigSecretMissingError extends AdapterError {
  constructor(message: string) {
    super('CONFIG_SECRET_MISSING', 'config', message);
  }
}

/** A state transition not allowed by the state machine was requested (a programming error). */
export class StoreInvalidTransitionError extends AdapterError {
  constructor(entity: 'manifest' | 'notification', from: string, to: string) {
    super('STORE_INVALID_TRANSITION', 'bug', `a ${entity} cannot move from "${from}" to "${to}"`);
  }
}

/** The database was migrated by a newer adapter than this one. */
export class StoreSchemaTooNewError extends AdapterError {
  constructor(found: number, known: number) {
    super(
      'STORE_SCHEMA_TOO_NEW',
      'config',
      `the database schema is at version ${found}, this adapter knows up to ${known}; upgrade the adapter`,
    );
  }
}

/**
 * Customs' entry status could not be read (anything but its 404 "not arrived yet") for transports an
 * `entry-status` trigger watches: those triggers cannot fire until it can. Raised at the end of a watch
 * pass, after every other transport was handled; `written` = the triggers that pass did write.
 */
export class ArrivalEntryStatusUnreadableError extends AdapterError {
  readonly written: readonly string[];

  constructor(failures: readonly { readonly mrn: string; readonly message: string }[], written: readonly string[]) {
    const [first] = failures;
    super(
      'ARRIVAL_ENTRY_STATUS_UNREADABLE',
      'transient',
      `Customs' entry status could not be read for ${failures.length} transport(s) (first: ${first?.mrn}: ${first?.message}); ` +
        'their entry-status arrival triggers cannot fire until it can; asked again next pass',
    );
    this.written = written;
  }
}

/** A migration failed; the transaction was rolled back. */
export class StoreMigrationFailedError extends AdapterError {
  constructor(version: number, name: string, cause: unknown) {
    super('STORE_MIGRATION_FAILED', 'bug', `migration ${version} (${name}) failed`, { cause });
  }
}

/** The store was used after `close()`. */
export class StoreClosedError extends AdapterError {
  constructor() {
    super('STORE_CLOSED', 'bug', 'the job store is closed');
  }
}

/** The store cannot be reached (database down, connection refused): retried with backoff. */
export class StoreUnavailableError extends AdapterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', 'transient', message, options);
  }
}

/** The configured PostgreSQL database (or role) does not exist or refuses the credentials. */
export class StoreDatabaseMissingError extends AdapterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_DATABASE_MISSING', 'config', message, options);
  }
}

/**
 * The SQLite database file was deleted or replaced while the adapter had it open: its history is
 * no longer where the adapter writes. The store stops taking work until an operator restores it.
 */
export class StoreFileReplacedError extends AdapterError {
  constructor(file: string, what: 'deleted' | 'replaced') {
    super(
      'STORE_FILE_REPLACED',
      'config',
      `the SQLite database ${file} was ${what} while open; no work is taken until it is restored and the adapter restarted`,
    );
  }
}

/** SQLite stayed locked by another process longer than the wait allowed (the event loop is not blocked meanwhile). */
export class StoreBusyError extends AdapterError {
  constructor(file: string, waitedMs: number) {
    super('STORE_BUSY', 'transient', `the SQLite database ${file} stayed locked by another process for ${waitedMs} ms`);
  }
}

/** The ops HTTP server (`/healthz`, `/metrics`) could not listen (port taken, address not local). */
export class ServiceHttpUnavailableError extends AdapterError {
  constructor(address: string, options?: { cause?: unknown }) {
    super('SERVICE_HTTP_UNAVAILABLE', 'config', `the ops HTTP server cannot listen on ${address}: ${(options?.cause as Error | undefined)?.message ?? 'unknown error'}`, options);
  }
}

/** A remote (SFTP) operation did not finish within its deadline; the connection is dropped. */
export class IntakeTimeoutError extends AdapterError {
  constructor(message: string) {
    super('INTAKE_TIMEOUT', 'transient', message);
  }
}

/** An inbox entry matching the include pattern is not a regular file (symlink, FIFO, folder, socket, device). */
export class IntakeNotRegularFileError extends AdapterError {
  constructor(name: string, kind: string) {
    super('INTAKE_NOT_REGULAR_FILE', 'bad-data', `${JSON.stringify(name)} is a ${kind}, not a regular file; it is left in the inbox`);
  }
}

/** A file name that could escape the channel's folders or that is not a plain name. */
export class IntakeUnsafeNameError extends AdapterError {
  constructor(reason: string) {
    super('INTAKE_UNSAFE_NAME', 'bad-data', `unsafe file name: ${reason}`);
  }
}

/** A resolved path would leave the channel root. */
export class IntakePathEscapeError extends AdapterError {
  constructor(path: string) {
    super('INTAKE_PATH_ESCAPE', 'bad-data', `path ${JSON.stringify(path)} is outside the channel root`);
  }
}

/** A file exceeds the channel's `maxFileBytes`. */
export class IntakeFileTooLargeError extends AdapterError {
  constructor(name: string, size: number, max: number) {
    super('INTAKE_FILE_TOO_LARGE', 'bad-data', `${name} is ${size} bytes, more than the channel's limit of ${max}`);
  }
}

/** A download did not yield the size the server reported. */
export class IntakeSizeMismatchError extends AdapterError {
  constructor(name: string, expected: number, got: number) {
    super('INTAKE_SIZE_MISMATCH', 'transient', `${name}: expected ${expected} bytes, received ${got}`);
  }
}

/** The SFTP server presented a host key whose fingerprint is not the pinned one. */
export class IntakeHostKeyRejectedError extends AdapterError {
  constructor(host: string, got: string) {
    super(
      'INTAKE_HOST_KEY_REJECTED',
      'config',
      `host key of ${host} has fingerprint ${got}, which is not the pinned fingerprint; connection refused`,
    );
  }
}

/** Connecting to (or staying connected to) the SFTP server failed. */
export class IntakeConnectionFailedError extends AdapterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INTAKE_CONNECTION_FAILED', 'transient', message, options);
  }
}

/** A file operation on a channel failed. */
export class IntakeIoFailedError extends AdapterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INTAKE_IO_FAILED', 'transient', message, options);
  }
}

/** The channel was stopped while an operation was waiting. */
export class IntakeChannelStoppedError extends AdapterError {
  constructor(channel: string) {
    super('INTAKE_CHANNEL_STOPPED', 'transient', `channel ${channel} is stopped`);
  }
}

/** An operator command (status, replay, resubmit) named something the store or the channel does not have. */
export class CommandNotFoundError extends AdapterError {
  constructor(message: string) {
    super('COMMAND_NOT_FOUND', 'bad-data', message);
  }
}

/** An operator command that would do harm or nothing (not a manifest of that channel, a newer version exists, nothing to resend). */
export class CommandRefusedError extends AdapterError {
  constructor(message: string) {
    super('COMMAND_REFUSED', 'bad-data', message);
  }
}
