import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { usePostgres } from '../support/postgres.js';
import { describeJobStoreContract } from './job-store-contract.js';

const postgres = usePostgres();

describeJobStoreContract('PostgreSQL 15 (pg, real server on loopback)', () => ({
  fresh: async () => {
    const url = await postgres().createDatabase();
    return {
      open: (clock) => openJobStore({ kind: 'postgres', connectionString: url, now: clock.now }),
      drop: async () => undefined,
      bumpSchemaVersion: async (version) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', 0)`, [version]);
        await client.end();
      },
    };
  },
}));

describe('PostgreSQL migrations with several instances starting at once', () => {
  it('apply each migration exactly once', async () => {
    const url = await postgres().createDatabase();
    const opened = await Promise.all(
      Array.from({ length: 4 }, () => openJobStore({ kind: 'postgres', connectionString: url })),
    );
    try {
      const applied = opened.flatMap((o) => o.migration.applied);
      expect(applied.sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      await client.end();
      expect(rows.map((r: { version: number }) => r.version)).toEqual(applied);
    } finally {
      for (const o of opened) await o.store.close();
    }
  });

  it('fails fast with a clear error when the server is unreachable', async () => {
    const error = await openJobStore({ kind: 'postgres', connectionString: 'postgres://test@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', category: 'transient' });
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toMatch(/^PostgreSQL 127\.0\.0\.1:1\/none cannot be reached: .*ECONNREFUSED/);
  });
});
