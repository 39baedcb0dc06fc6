import { randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A new server-side request id (UUID v4). */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * A new Digitoll MRN: 2-digit year + `NO` + 14 upper-case alphanumerics (docs/digitoll.md §1.1),
 * e.g. `26NO4TU2HUD59UCBT8`. `taken` is consulted so MRNs stay unique within one playground.
 */
export function newMrn(nowMs: number, taken: (mrn: string) => boolean): string {
  const year = String(new Date(nowMs).getUTCFullYear() % 100).padStart(2, '0');
  for (;;) {
    let tail = '';
    for (let i = 0; i < 14; i++) tail += ALNUM[randomInt(ALNUM.length)];
    const mrn = `${year}NO${tail}`;
    if (!taken(mrn)) return mrn;
  }
}

/** The MRN pattern the playground issues and accepts in paths. */
export const MRN_PATTERN = /^\d{2}NO[A-Z0-9]{14}$/;

/** Deterministic PRNG (mulberry32) so fault injection can be reproduced with a seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
