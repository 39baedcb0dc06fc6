import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints a SQLite database's write-ahead log on a worker thread, with a connection of its own,
 * so that the service's thread never copies WAL pages into the database or waits for their fsync.
 *
 * better-sqlite3 answers synchronously: with SQLite's automatic checkpoint (every 1,000 WAL pages)
 * the COMMIT that crosses the mark also copies the log into the database file and fsyncs it, on
 * the event loop — 304 ms for the slowest COMMIT of 150 plan transactions against 97 ms without
 * (bench/README.md, issue #18). The main connection runs with `wal_autocheckpoint = 0`; this worker
 * runs `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs` (PASSIVE takes no lock a writer waits
 * for: the main connection goes on committing meanwhile), and `TRUNCATE` once the log is fully
 * copied and nothing was written for `idleMs`, which gives the log's disk space back. After a
 * complete checkpoint the next writer starts the log over from its beginning, so it stays small.
 *
 * The worker is code in a string (`eval`): the adapter runs its TypeScript through a loader that a
 * worker thread does not inherit in every runner (tests), and this code is plain JavaScript.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const { file, intervalMs, idleMs } = workerData;
let db;
try {
  db = new Database(file, { fileMustExist: true });
  // A TRUNCATE waits for no one: if a writer or reader is in the way it reports busy and is tried later.
  db.pragma('busy_timeout = 0');
  db.pragma('wal_autocheckpoint = 0');
} catch (error) {
  parentPort.postMessage({ kind: 'error', message: String(error && error.message), code: error && error.code });
  process.exit(1);
}
let lastLog = -1;
let quietSince = Date.now();
let truncated = false;
let failing = false;
const pass = (id) => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    const log = row.log;
    const now = Date.now();
    if (log !== lastLog) { lastLog = log; quietSince = now; truncated = false; }
    if (!truncated && row.busy === 0 && log > 0 && row.checkpointed === log && now - quietSince >= idleMs) {
      const [t] = db.pragma('wal_checkpoint(TRUNCATE)');
      if (t.busy === 0) { truncated = true; lastLog = 0; }
    }
    if (failing) parentPort.postMessage({ kind: 'recovered' });
    failing = false;
    parentPort.postMessage({ kind: 'pass', id, log, checkpointed: row.checkpointed, busy: row.busy });
  } catch (error) {
    // SQLITE_FULL, SQLITE_IOERR…: the log is not copied, so it grows; the main connection
    // checkpoints by itself past its size limit and reports the error to its callers.
    if (!failing || id !== undefined) parentPort.postMessage({ kind: 'error', id, message: String(error && error.message), code: error && error.code });
    failing = true;
  }
};
const timer = setInterval(() => pass(undefined), intervalMs);
parentPort.on('message', (m) => {
  if (typeof m === 'object' && m !== null && m.kind === 'now') return pass(m.id);
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.close(); } catch {}
  parentPort.close();
});
`;

/** What the checkpointer last did (for tests and diagnostics). */
export interface CheckpointerStatus {
  /** Passes completed (a pass is one PASSIVE checkpoint). */
  readonly passes: number;
  /** Frames in the log and frames copied into the database at the last pass. */
  readonly log: number;
  readonly checkpointed: number;
  /** The last failure of a pass since the last successful one (SQLITE_FULL, …), if any. */
  readonly error: { readonly message: string; readonly code: string | undefined } | undefined;
  /** False once the worker is gone (stopped, or it died: the main connection checkpoints then). */
  readonly running: boolean;
}

export interface SqliteCheckpointer {
  status(): CheckpointerStatus;
  /**
   * One PASSIVE checkpoint now, on the worker: resolves with its outcome (`complete` when every
   * frame of the log was copied), or rejects when it failed, the worker is gone or it did not
   * answer within `timeoutMs`. The event loop stays free meanwhile.
   */
  checkpointNow(timeoutMs: number): Promise<{ complete: boolean; log: number }>;
  /** Stops the worker and closes its connection; resolves when the thread has exited. */
  stop(): Promise<void>;
}

/**
 * Starts the checkpoint worker on `file` (which must exist, in WAL mode). `onGone` is called when
 * the worker exits without having been stopped (it failed to open the file, or crashed), so that
 * the caller can fall back to SQLite's automatic checkpoint.
 */
export function startSqliteCheckpointer(
  file: string,
  options: { intervalMs?: number; idleMs?: number; onGone?: (error: Error | undefined) => void } = {},
): SqliteCheckpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module, file, intervalMs: options.intervalMs ?? 200, idleMs: options.idleMs ?? 2_000 },
    // Its own small heap: it holds a connection and a few numbers.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  // A store left open must not keep the process alive.
  worker.unref();
  let passes = 0;
  let log = 0;
  let checkpointed = 0;
  let error: CheckpointerStatus['error'];
  let running = true;
  let stopping = false;
  let failure: Error | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: { complete: boolean; log: number }) => void; reject: (e: Error) => void }>();
  worker.on('message', (m: { kind: string; id?: number; log?: number; checkpointed?: number; busy?: number; message?: string; code?: string }) => {
    const waiter = m.id === undefined ? undefined : waiting.get(m.id);
    if (m.id !== undefined) waiting.delete(m.id);
    if (m.kind === 'pass') {
      waiter?.resolve({ complete: m.busy === 0 && m.checkpointed === m.log, log: m.log ?? 0 });
      passes++;
      log = m.log ?? 0;
      checkpointed = m.checkpointed ?? 0;
      error = undefined;
    } else if (m.kind === 'error') {
      error = { message: m.message ?? 'unknown', code: m.code };
      failure = new Error(`SQLite checkpointer: ${error.message}`);
      waiter?.reject(failure);
    }
  });
  worker.on('error', (e) => (failure = e));
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => {
      running = false;
      for (const w of waiting.values()) w.reject(new Error('SQLite checkpointer: the worker is gone'));
      waiting.clear();
      if (!stopping) options.onGone?.(failure);
      resolve();
    });
  });
  return {
    status: () => ({ passes, log, checkpointed, error, running }),
    checkpointNow: (timeoutMs) =>
      new Promise((resolve, reject) => {
        if (!running || stopping) return reject(new Error('SQLite checkpointer: the worker is gone'));
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`SQLite checkpointer: no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        worker.postMessage({ kind: 'now', id });
      }),
    stop: async () => {
      if (!running) return;
      stopping = true;
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
