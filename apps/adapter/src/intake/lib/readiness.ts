import type { InboxFile, ReadinessSettings } from '../channel.js';

/**
 * Remembers what each inbox file looked like at earlier scans and says which are complete.
 * Files already present at start-up go through the same check (their first scan only records them).
 */
export class ReadinessTracker {
  readonly #settings: ReadinessSettings;
  readonly #now: () => number;
  readonly #seen = new Map<string, { size: number; mtimeMs: number; since: number }>();

  constructor(settings: ReadinessSettings, now: () => number) {
    this.#settings = settings;
    this.#now = now;
  }

  /** Splits the listed candidates into ready and waiting; `markers` are the done-marker names present. */
  observe(files: readonly InboxFile[], markers: ReadonlySet<string>): { ready: InboxFile[]; waiting: InboxFile[] } {
    const now = this.#now();
    const ready: InboxFile[] = [];
    const waiting: InboxFile[] = [];
    const present = new Set<string>();
    for (const file of files) {
      present.add(file.name);
      const previous = this.#seen.get(file.name);
      const same = previous !== undefined && previous.size === file.size && previous.mtimeMs === file.mtimeMs;
      if (!same) this.#seen.set(file.name, { size: file.size, mtimeMs: file.mtimeMs, since: now });
      let isReady: boolean;
      switch (this.#settings.mode) {
        case 'done-marker':
          isReady = markers.has(`${file.name}${this.#settings.doneSuffix}`);
          break;
        case 'rename':
          isReady = true;
          break;
        case 'stable':
          isReady = same && now - previous.since >= this.#settings.stableForMs;
          break;
      }
      (isReady ? ready : waiting).push(file);
    }
    for (const name of this.#seen.keys()) if (!present.has(name)) this.#seen.delete(name);
    const byAge = (a: InboxFile, b: InboxFile): number => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name);
    return { ready: ready.sort(byAge), waiting: waiting.sort(byAge) };
  }

  /** Drops what is known about a file (after it was claimed). */
  forget(name: string): void {
    this.#seen.delete(name);
  }
}
