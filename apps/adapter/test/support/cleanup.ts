import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { descendantsOf } from './process-tree.js';

/** Servers started by this test process, killed on exit even if a suite never reached its afterAll. */
const live = new Map<ChildProcess, string>();

/** Records a server child (and the temp folder to remove) for the exit-time safety net. */
export function trackServer(child: ChildProcess, dir: string): void {
  live.set(child, dir);
}

/** The server was stopped normally. */
export function untrackServer(child: ChildProcess): void {
  live.delete(child);
}

process.once('exit', () => {
  for (const [child, dir] of live) {
    if (child.pid === undefined) continue;
    for (const pid of [...descendantsOf(child.pid), child.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
