import { StoreMigrationFailedError, StoreSchemaTooNewError } from '../errors.js';
import type { SqlDriver, SqlExecutor } from './lib/sql-driver.js';

/**
 * One versioned schema change. `{{BYTES}}` becomes BLOB (SQLite) or BYTEA (PostgreSQL);
 * `{{C_COLLATE}}` becomes ` COLLATE "C"` on PostgreSQL (byte order, so prefix ranges are index
 * ranges whatever the database's locale) and nothing on SQLite (whose default order is bytes).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** The schema history, oldest first. Never edit a released migration: add a new one. */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'manifests, notifications, routing, outbox',
    statements: [
      `CREATE TABLE manifests (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        original_name TEXT NOT NULL,
        processing_name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        size BIGINT NOT NULL,
        state TEXT NOT NULL,
        previous_manifest_id TEXT REFERENCES manifests(id),
        lease_owner TEXT,
        lease_expires_at BIGINT,
        retry_at BIGINT,
        lease_count INTEGER NOT NULL DEFAULT 0,
        failure TEXT,
        result TEXT,
        received_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (channel, processing_name)
      )`,
      `CREATE INDEX manifests_by_name ON manifests (channel, original_name, received_at)`,
      `CREATE INDEX manifests_by_state ON manifests (state, received_at)`,
      `CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        manifest_id TEXT NOT NULL REFERENCES manifests(id),
        level TEXT NOT NULL,
        mode TEXT NOT NULL,
        document_number TEXT NOT NULL,
        type TEXT NOT NULL,
        carrier TEXT,
        key TEXT NOT NULL,
        position INTEGER NOT NULL,
        operation TEXT NOT NULL,
        payload_hash TEXT NOT NULL,
        payload TEXT,
        state TEXT NOT NULL,
        previous_notification_id TEXT REFERENCES notifications(id),
        request_id TEXT,
        mrn TEXT,
        errors TEXT NOT NULL,
        incomplete_reasons TEXT NOT NULL,
        submit_attempts INTEGER NOT NULL DEFAULT 0,
        poll_attempts INTEGER NOT NULL DEFAULT 0,
        lookup_attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at BIGINT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (manifest_id, key)
      )`,
      `CREATE INDEX notifications_by_key ON notifications (key, created_at)`,
      `CREATE INDEX notifications_by_mrn ON notifications (mrn)`,
      `CREATE INDEX notifications_by_document ON notifications (document_number)`,
      `CREATE INDEX notifications_by_request ON notifications (request_id)`,
      `CREATE INDEX notifications_by_state ON notifications (state)`,
      `CREATE TABLE routing_markers (
        feed TEXT PRIMARY KEY,
        marker TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE routing_results (
        id TEXT PRIMARY KEY,
        mrn TEXT NOT NULL,
        decision TEXT NOT NULL,
        payload_hash TEXT NOT NULL,
        payload TEXT NOT NULL,
        issued_at BIGINT,
        received_at BIGINT NOT NULL,
        notification_id TEXT REFERENCES notifications(id),
        manifest_id TEXT REFERENCES manifests(id),
        channel TEXT,
        UNIQUE (mrn, payload_hash)
      )`,
      `CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        file_name TEXT NOT NULL,
        content {{BYTES}} NOT NULL,
        kind TEXT NOT NULL,
        manifest_id TEXT REFERENCES manifests(id),
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        lease_owner TEXT,
        lease_expires_at BIGINT,
        retry_at BIGINT,
        created_at BIGINT NOT NULL,
        written_at BIGINT,
        UNIQUE (channel, file_name)
      )`,
      `CREATE INDEX outbox_by_state ON outbox (state, created_at)`,
    ],
  },
  {
    version: 2,
    name: 'notifications by manifest, state and position (paged reads of big manifests)',
    statements: [`CREATE INDEX notifications_by_manifest_state ON notifications (manifest_id, state, position)`],
  },
  {
    version: 3,
    name: 'stored manifest outcome, resubmissions, indexes for listing and searching (operator console)',
    statements: [
      `ALTER TABLE manifests ADD COLUMN outcome TEXT`,
      `ALTER TABLE manifests ADD COLUMN outcome_counts TEXT`,
      `ALTER TABLE manifests ADD COLUMN resubmit TEXT`,
      `CREATE INDEX manifests_by_received ON manifests (received_at, id)`,
      `CREATE INDEX manifests_by_channel_received ON manifests (channel, received_at, id)`,
      `CREATE INDEX manifests_by_outcome ON manifests (outcome, received_at, id)`,
      `CREATE INDEX manifests_by_original_name ON manifests (original_name)`,
      `CREATE INDEX manifests_by_processing_name ON manifests (processing_name)`,
      `CREATE INDEX notifications_transport_ids ON notifications (document_number{{C_COLLATE}}) WHERE level = 'transport'`,
      `CREATE TABLE resubmissions (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        original_name TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        mode TEXT NOT NULL,
        of_manifest_id TEXT REFERENCES manifests(id),
        requested_by TEXT,
        requested_at BIGINT NOT NULL,
        consumed_by TEXT REFERENCES manifests(id),
        consumed_at BIGINT
      )`,
      `CREATE INDEX resubmissions_pending ON resubmissions (channel, original_name, content_hash)`,
    ],
  },
  {
    version: 4,
    name: 'operator actions (console audit log), routing results by arrival, outbox by manifest',
    statements: [
      `CREATE TABLE operator_actions (
        id TEXT PRIMARY KEY,
        at BIGINT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        manifest_id TEXT REFERENCES manifests(id),
        target TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT
      )`,
      `CREATE INDEX operator_actions_by_at ON operator_actions (at, id)`,
      `CREATE INDEX operator_actions_by_manifest ON operator_actions (manifest_id, action, at)`,
      `CREATE INDEX routing_results_by_received ON routing_results (received_at, id)`,
      `CREATE INDEX outbox_by_manifest ON outbox (manifest_id)`,
    ],
  },
];

/** A migration statement with its placeholders filled for `dialect`. */
export function migrationSql(statement: string, dialect: 'sqlite' | 'postgres'): string {
  return statement.replaceAll('{{BYTES}}', dialect === 'postgres' ? 'BYTEA' : 'BLOB').replaceAll('{{C_COLLATE}}', dialect === 'postgres' ? ' COLLATE "C"' : '');
}

/** The newest schema version this code knows. */
export const latestSchemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);

/** What `migrate` did. */
export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly number[];
}

/**
 * Brings the schema to {@link latestSchemaVersion}, each migration in its own transaction.
 * Safe with several instances starting at once: PostgreSQL serialises them with an advisory
 * lock, SQLite with BEGIN IMMEDIATE. Refuses a database migrated by a newer adapter.
 */
export async function migrate(driver: SqlDriver, now: () => number = Date.now): Promise<MigrationReport> {
  const lock = async (tx: SqlExecutor): Promise<void> => {
    if (driver.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(7306232411)`);
  };
  // Under the lock too: concurrent CREATE TABLE IF NOT EXISTS races in PostgreSQL's catalog.
  await driver.transaction(async (tx) => {
    await lock(tx);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`,
    );
  });
  const applied: number[] = [];
  let from: number | undefined;
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await driver.transaction(async (tx) => {
      await lock(tx);
      const [row] = await tx.query<{ version: number | null }>(`SELECT MAX(version) AS version FROM schema_migrations`);
      const current = row?.version ?? 0;
      from ??= current;
      if (current > latestSchemaVersion) throw new StoreSchemaTooNewError(current, latestSchemaVersion);
      if (current >= migration.version) return false;
      try {
        for (const statement of migration.statements) await tx.query(migrationSql(statement, driver.dialect));
      } catch (error) {
        throw new StoreMigrationFailedError(migration.version, migration.name, error);
      }
      await tx.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`, [
        migration.version,
        migration.name,
        now(),
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return { from: from ?? 0, to: latestSchemaVersion, applied };
}
