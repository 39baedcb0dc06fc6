import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql-driver.js';
import { Mutex } from './mutex.js';

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
export function createSqliteDriver(file: string, options: { synchronous?: 'full' | 'normal' } = {}): SqlDriver {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // FULL (default): every commit is fsynced, so a committed `submitting` survives a power loss.
  // NORMAL is safe against process crashes (kill -9) only, and ~50× faster per commit.
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  const key = resolve(file);
  let mutex = mutexes.get(key);
  if (mutex === undefined) {
    mutex = new Mutex();
    mutexes.set(key, mutex);
  }
  const lock = mutex;

  const run = <Row>(sql: string, params: readonly SqlValue[]): Row[] => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    if (statement.reader) return statement.all(...params) as Row[];
    statement.run(...params);
    return [];
  };
  const direct: SqlExecutor = {
    query: async (sql, params = []) => run(sql, params),
  };

  return {
    dialect: 'sqlite',
    query: (sql, params = []) => lock.run(() => run(sql, params)),
    transaction: (fn) =>
      lock.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () =>
      lock.run(() => {
        statements.clear();
        db.close();
      }),
  };
}
