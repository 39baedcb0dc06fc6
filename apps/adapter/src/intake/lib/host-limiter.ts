import { Semaphore } from '../../lib/semaphore.js';

const limiters = new Map<string, Semaphore>();

/**
 * The process-wide bound on open SFTP connections to one `host:port`. The first channel to ask
 * for a host fixes its limit.
 */
export function hostLimiter(hostPort: string, limit: number): Semaphore {
  let limiter = limiters.get(hostPort);
  if (limiter === undefined) {
    limiter = new Semaphore(limit);
    limiters.set(hostPort, limiter);
  }
  return limiter;
}
