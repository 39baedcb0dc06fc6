/** A parameter value both drivers accept. */
export type SqlValue = string | number | null | Buffer;

/** Runs one statement with `?` placeholders and returns its rows (empty for statements without rows). */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

/** The small surface the SQL job store needs from SQLite and PostgreSQL. */
export interface SqlDriver extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED + row locks). */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * A small read for health checks (`ping`, the pending outbox count) that never queues behind
   * this process's own work: on SQLite it runs at once on the connection, also between the
   * statements of an open transaction (which this process's other statements wait for), and sees
   * what that transaction wrote so far; on PostgreSQL it is `query` (another pooled connection).
   * Read statements only.
   */
  probe<Row = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  close(): Promise<void>;
}
