import Database from 'better-sqlite3';
import { join } from 'node:path';
import { openJobStore } from '../../src/store/open-job-store.js';
import { makeTempDir } from '../support/temp-dir.js';
import { describeJobStoreContract } from './job-store-contract.js';

describeJobStoreContract('SQLite (better-sqlite3, WAL, data folder)', () => ({
  fresh: async () => {
    const dir = makeTempDir('sqlite');
    return {
      open: (clock) => openJobStore({ kind: 'sqlite', dataDir: join(dir.path, 'data'), now: clock.now }),
      drop: async () => dir.remove(),
      bumpSchemaVersion: async (version) => {
        const db = new Database(join(dir.path, 'data', 'tollkit.sqlite'));
        db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', 0)`).run(version);
        db.close();
      },
    };
  },
}));
