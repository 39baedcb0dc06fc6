import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql-driver.js';

const INT8_OID = 20;

/** `?` → `$1, $2, …` (the store's SQL never has `?` inside string literals). */
function numberPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** Options for the PostgreSQL driver. */
export interface PostgresDriverOptions {
  connectionString: string;
  /** Pool size per instance (default 5). */
  maxConnections?: number;
  /** Password kept out of the connection string (from a secret). */
  password?: string;
}

/** node-postgres pool behind the async driver surface; BIGINT columns come back as numbers. */
export function createPostgresDriver(options: PostgresDriverOptions): SqlDriver {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 5,
    // fail instead of hanging when the database is unreachable; the caller retries
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    types,
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);

  const executorFor = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
    query: async <Row>(sql: string, params: readonly SqlValue[] = []) => {
      const result = await client.query(numberPlaceholders(sql), params as SqlValue[]);
      return result.rows as Row[];
    },
  });

  return {
    dialect: 'postgres',
    query: executorFor(pool).query,
    probe: executorFor(pool).query,
    transaction: async (fn) => {
      const client = await pool.connect();
      // A client whose ROLLBACK failed is broken: destroy it instead of returning it to the pool.
      let broken: Error | undefined;
      // The server going away while this client is checked out emits 'error' on it (the pool only
      // listens on idle clients): without a listener that would crash the process. The query in
      // flight rejects on its own; the client is discarded on release.
      const onError = (error: Error): void => {
        broken ??= error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(executorFor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
