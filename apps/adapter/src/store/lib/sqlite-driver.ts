import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreBusyError, StoreFileReplacedError } from '../../errors.js';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql-driver.js';
import { Mutex } from './mutex.js';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';

/** Options of {@link createSqliteDriver}. */
export interface SqliteDriverOptions {
  readonly synchronous?: 'full' | 'normal';
  /** How long a write retries SQLITE_BUSY (another process holds the lock), asleep; default 5 s. */
  readonly busyWaitMs?: number;
  /**
   * Who copies the write-ahead log into the database: `worker` (default) — a checkpointer on a
   * worker thread with its own connection ({@link startSqliteCheckpointer}), so no COMMIT on this
   * thread ever pays for it; `auto` — SQLite's automatic checkpoint inside the COMMIT that crosses
   * 1,000 log pages, on this thread.
   */
  readonly checkpoint?: 'worker' | 'auto';
  /**
   * With `checkpoint: 'worker'`: the log's size past which a commit waits (asleep, holding this
   * file's mutex) for a checkpoint before this process writes again, and does it on this thread if
   * the worker cannot (failed, gone, or no answer within 2 s). Bounds the log when the worker falls
   * behind or this process writes without pause. Default 64 MiB.
   */
  readonly walLimitBytes?: number;
  /** With `checkpoint: 'worker'`: how often the worker checkpoints by itself; default 200 ms. */
  readonly checkpointIntervalMs?: number;
}

/**
 * One mutex per database file for the whole process: better-sqlite3 is synchronous, so a second
 * connection in this process waiting on the write lock would block the event loop while the
 * first one's async transaction body can never finish. Other processes are kept out by
 * BEGIN IMMEDIATE + busy_timeout (their wait does not block us).
 */
const mutexes = new Map<string, Mutex>();

/**
 * better-sqlite3 behind the async driver surface. All statements on this file in this process go
 * through one mutex, so an async transaction body never interleaves with other statements.
 */
export function createSqliteDriver(file: string, options: SqliteDriverOptions = {}): SqlDriver {
  const db = new Database(file);
  const busyWaitMs = options.busyWaitMs ?? 5_000;
  db.pragma('journal_mode = WAL');
  // FULL (default): every commit is fsynced, so a committed `submitting` survives a power loss.
  // NORMAL is safe against process crashes (kill -9) only, and ~50× faster per commit.
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  // No synchronous busy wait: better-sqlite3 would block the event loop (health, every channel) for
  // the whole timeout while another process holds the lock. SQLITE_BUSY is retried below, asleep.
  db.pragma('busy_timeout = 0');
  const walLimitBytes = options.walLimitBytes ?? 64 * 2 ** 20;
  let checkpointer: SqliteCheckpointer | undefined;
  let closed = false;
  if (options.checkpoint !== 'auto') {
    db.pragma('wal_autocheckpoint = 0');
    // A log restarted after a checkpoint is cut back to half the limit, so its size on disk tells
    // whether what it holds passed the limit.
    db.pragma(`journal_size_limit = ${Math.floor(walLimitBytes / 2)}`);
    checkpointer = startSqliteCheckpointer(file, {
      ...(options.checkpointIntervalMs === undefined ? {} : { intervalMs: options.checkpointIntervalMs }),
      onGone: (error) => {
        // The worker died: SQLite's automatic checkpoint again, on this thread. Nothing is lost, but
        // commits stall again on the event loop: say so (stderr, next to the service's own log).
        checkpointer = undefined;
        if (closed) return;
        db.pragma('wal_autocheckpoint = 1000');
        process.emitWarning(`the SQLite checkpointer thread for ${file} stopped (${error?.message ?? 'no error given'}); checkpoints run on the service's thread again`, {
          code: 'TOLLKIT_SQLITE_CHECKPOINTER_GONE',
        });
      },
    });
  }
  const walFile = `${file}-wal`;
  /**
   * After each commit of this process (a stat, a few µs): a log past `walLimitBytes` is checkpointed
   * before this process writes again (the caller holds the mutex), so the next write starts the log
   * over. A checkpoint that fails here is not the committed write's failure: the log grows, and a
   * write that cannot be stored fails by itself.
   */
  const boundWal = async (): Promise<void> => {
    const worker = checkpointer;
    if (worker === undefined) return;
    let size: number;
    try {
      size = statSync(walFile).size;
    } catch {
      return;
    }
    if (size <= walLimitBytes) return;
    try {
      if ((await worker.checkpointNow(2_000)).complete) return;
    } catch {
      // failed, gone or starved: this thread copies the log
    }
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // see above
    }
  };
  const identity = fileIdentity(file);
  let gone: StoreFileReplacedError | undefined;
  let checkedAt = 0;
  /** The open file must still be the one at `file`: a deleted or replaced database stops all work. */
  const assertSameFile = (): void => {
    if (gone !== undefined) throw gone;
    const now = Date.now();
    if (now - checkedAt < 200) return;
    checkedAt = now;
    const current = fileIdentity(file);
    if (current === undefined) gone = new StoreFileReplacedError(file, 'deleted');
    else if (identity !== undefined && (current.dev !== identity.dev || current.ino !== identity.ino)) gone = new StoreFileReplacedError(file, 'replaced');
    if (gone !== undefined) throw gone;
  };
  /** Runs `fn` (under the mutex), retrying SQLITE_BUSY with short sleeps for up to `busyWaitMs`. */
  const unlessBusy = async <T>(fn: () => T | Promise<T>): Promise<T> => {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      assertSameFile();
      try {
        return await fn();
      } catch (error) {
        if (!isBusy(error)) throw error;
        const waited = Date.now() - started;
        if (waited >= busyWaitMs) throw new StoreBusyError(file, waited);
        await sleep(Math.min(5 * 2 ** attempt, 100, busyWaitMs - waited));
      }
    }
  };
  const statements = new Map<string, Database.Statement>();
  const key = resolve(file);
  let mutex = mutexes.get(key);
  if (mutex === undefined) {
    mutex = new Mutex();
    mutexes.set(key, mutex);
  }
  const lock = mutex;

  const prepared = (sql: string): Database.Statement => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const run = <Row>(sql: string, params: readonly SqlValue[]): Row[] => {
    const statement = prepared(sql);
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  };
  const direct: SqlExecutor = {
    query: async (sql, params = []) => run(sql, params),
  };

  /**
   * Group commit: single-statement writes issued while the event loop works through one round of
   * I/O (HTTP answers arriving together) are committed in one transaction — one fsync instead of one
   * each under `synchronous = FULL`. Each caller's promise settles only after that COMMIT, so a write
   * is durable when its caller learns of it, as before. A statement that fails (constraint) is rolled
   * back alone, as it would be on its own, and only its caller sees the error. Issue order is kept:
   * a read or transaction issued after a write queues behind the batch holding that write.
   */
  interface PendingWrite {
    readonly statement: Database.Statement;
    readonly params: readonly SqlValue[];
    readonly resolve: (rows: unknown[]) => void;
    readonly reject: (error: unknown) => void;
  }
  let batch: PendingWrite[] | undefined;
  let batchQueued = false;
  const execute = (w: PendingWrite): unknown[] => (w.statement.reader ? w.statement.all(...w.params) : (w.statement.run(...w.params), []));
  const flush = async (writes: PendingWrite[]): Promise<void> => {
    if (writes.length === 1) {
      const [w] = writes as [PendingWrite];
      try {
        w.resolve(await unlessBusy(() => execute(w)));
      } catch (error) {
        w.reject(error);
      }
      return;
    }
    const outcomes: ({ rows: unknown[] } | { error: unknown })[] = [];
    try {
      await unlessBusy(() => db.exec('BEGIN IMMEDIATE'));
      for (const w of writes) {
        try {
          outcomes.push({ rows: execute(w) });
        } catch (error) {
          outcomes.push({ error });
        }
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      for (const w of writes) w.reject(error);
      return;
    }
    writes.forEach((w, i) => {
      const outcome = outcomes[i] as { rows: unknown[] } | { error: unknown };
      if ('error' in outcome) w.reject(outcome.error);
      else w.resolve(outcome.rows);
    });
  };
  /** Puts the open batch in the mutex queue now (before whatever is queued next). */
  const queueBatch = (): void => {
    if (batch === undefined || batchQueued) return;
    const writes = batch;
    batchQueued = true;
    void lock.run(async () => {
      if (batch === writes) {
        batch = undefined;
        batchQueued = false;
      }
      await flush(writes);
      await boundWal();
    });
  };
  const write = <Row>(statement: Database.Statement, params: readonly SqlValue[]): Promise<Row[]> =>
    new Promise<Row[]>((resolve, reject) => {
      if (batch === undefined || batchQueued) {
        batch = [];
        batchQueued = false;
        const opened = batch;
        // After the I/O callbacks of this loop round have run, so answers that arrived together share a commit.
        setImmediate(() => {
          if (batch === opened) queueBatch();
        });
      }
      batch.push({ statement, params, resolve: resolve as (rows: unknown[]) => void, reject });
    });

  /** `use` with the prepared statement of `sql`, or a rejection when it cannot be prepared. */
  const withStatement = <T>(sql: string, use: (statement: Database.Statement) => Promise<T>): Promise<T> => {
    let statement: Database.Statement;
    try {
      statement = prepared(sql);
    } catch (error) {
      return Promise.reject(error);
    }
    return use(statement);
  };

  return {
    dialect: 'sqlite',
    query: <Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> =>
      withStatement(sql, (statement) => {
        if (!statement.readonly) return write<Row>(statement, params);
        queueBatch();
        return lock.run(() => unlessBusy(() => run<Row>(sql, params)));
      }),
    probe: <Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> =>
      withStatement(sql, (statement) => {
        if (!statement.readonly) return Promise.reject(new TypeError(`probe: read statements only: ${sql}`));
        // Not through the mutex: a health check must not wait for a long transaction of this process.
        return unlessBusy(() => statement.all(...params) as Row[]);
      }),
    transaction: (fn) => {
      queueBatch();
      return lock.run(async () => {
        await unlessBusy(() => db.exec('BEGIN IMMEDIATE'));
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          await boundWal();
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      });
    },
    close: () => {
      queueBatch();
      return lock.run(async () => {
        closed = true;
        // First the worker's connection, so that this one is the last and removes the log.
        await checkpointer?.stop();
        statements.clear();
        db.close();
      });
    },
  };
}

function fileIdentity(file: string): { dev: number; ino: number } | undefined {
  try {
    const info = statSync(file);
    return { dev: info.dev, ino: info.ino };
  } catch {
    return undefined;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}
