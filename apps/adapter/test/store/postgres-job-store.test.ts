import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openJobStore } from '../../src/store/open-job-store.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { describeJobStoreContract } from './job-store-contract.js';

let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
});

describeJobStoreContract('PostgreSQL 15 (pg, real server on loopback)', () => ({
  fresh: async () => {
    const url = await server.createDatabase();
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
