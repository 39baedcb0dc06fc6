import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Creates a temporary folder and returns it with its cleanup (set `KEEP_BENCH_DIRS=1` to keep it). */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `tollkit-bench-${prefix}-`));
  return {
    dir,
    cleanup: async () => {
      if (process.env['KEEP_BENCH_DIRS'] === '1') return;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
