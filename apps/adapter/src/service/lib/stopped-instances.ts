import { hostname } from 'node:os';
import type { PipelineLog } from '../../pipeline/ports.js';
import type { JobStore } from '../../store/job-store.js';

/**
 * The host and process of a lease owner id of the default form `<hostname>:<pid>:<hex>`
 * (`startService`, `loadConfig`); `undefined` for any other id, such as a configured `instanceId`.
 */
export function ownerProcess(owner: string): { host: string; pid: number } | undefined {
  const match = /^(.+):(\d{1,10}):[0-9a-f]{6,16}$/.exec(owner);
  if (match === null) return undefined;
  const pid = Number(match[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { host: match[1] as string, pid } : undefined;
}

/** Whether a process with this id exists on this machine (EPERM: it exists, owned by another user). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Frees the leases of instances that ran on this host and whose process no longer exists (a
 * `kill -9`, a crash, a power cut): their manifests and result files are taken up at once instead
 * of after the lease time (60 s by default).
 *
 * Only for a SQLite store: its file is used by processes of one host (SQLite is not for network
 * file systems), so a host name and a process id are enough to tell a dead owner. A shared
 * PostgreSQL may serve cloned machines or containers with the same host name and their own process
 * ids; there leases always run out on their own. Within SQLite, only owner ids of the default form
 * naming this host count: a configured `instanceId`, another host or a live process keep their
 * leases. An owner with this process's own pid but another id is a predecessor (a container
 * restarts its adapter as pid 1 again). Freeing a lease never allows a second send: each
 * notification is taken by compare-and-set, and rows found `submitting` still wait out
 * `inFlightGraceMs` before they are looked up.
 *
 * @returns how many owners' leases were freed
 */
export async function releaseLeasesOfStoppedInstances(store: JobStore, self: string, log: PipelineLog, host: string = hostname()): Promise<number> {
  if (store.kind !== 'sqlite') return 0;
  let released = 0;
  for (const owner of await store.leaseOwners()) {
    if (owner === self) continue;
    const at = ownerProcess(owner);
    if (at === undefined || at.host !== host) continue;
    if (at.pid !== process.pid && processExists(at.pid)) continue;
    const freed = await store.releaseLeasesOf(owner);
    released++;
    log.info({ owner, manifests: freed.manifests, outbox: freed.outbox }, 'freed the leases of a stopped instance on this host');
  }
  return released;
}
