import { createReadStream } from 'node:fs';
import { link, lstat, mkdir, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { IntakeIoFailedError, IntakeSizeMismatchError } from '../errors.js';
import type {
  ChannelSurvey,
  Channel,
  ChannelSettings,
  ClaimedFile,
  FileDigest,
  InboxFile,
  ReadFile,
  RefusableFile,
  RefusedFile,
  RejectedFile,
  ScanResult,
  WakeListener,
  IrregularEntry,
} from './channel.js';
import { makeProcessingName, makeTemporaryName, parseProcessingName } from './lib/claim-name.js';
import { createFileFilter } from './lib/file-filter.js';
import { collectVerified, digestVerified, saveVerified } from './lib/hash-stream.js';
import { ReadinessTracker } from './lib/readiness.js';
import { refuseInboxFile } from './lib/refusal.js';
import { assertSafeName, localPathInside, unsafeIncomingNameReason } from './lib/safe-name.js';

/** A local (or mounted) folder channel. */
export interface LocalChannelSettings extends ChannelSettings {
  /** Poll the file system instead of inotify (network shares); costs CPU. */
  usePolling?: boolean;
}

/** What a directory entry that is not a regular file is, for the error report. */
function entryKind(entry: { isDirectory(): boolean; isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean }): IrregularEntry['kind'] {
  if (entry.isSymbolicLink()) return 'symbolic link';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFIFO()) return 'FIFO';
  if (entry.isSocket()) return 'socket';
  return 'device';
}

const isErrno = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;

/**
 * Creates a channel over a local folder: chokidar watches `inbox/` (depth 0) to wake the
 * pipeline early, a periodic rescan is the safety net; claims are `rename(2)` into
 * `processing/`, atomic on one file system, so several processes can share the folder.
 *
 * @example
 * ```ts
 * const channel = createLocalChannel({ name: 'acme', root: '/srv/acme', folders, include: ['*.csv'],
 *   exclude: [], pollIntervalMs: 5000, readiness: { mode: 'stable', stableForMs: 2000, doneSuffix: '.done' },
 *   maxFileBytes: 50_000_000 });
 * await channel.start(() => void drain());
 * ```
 */
export function createLocalChannel(settings: LocalChannelSettings): Channel {
  const now = settings.now ?? Date.now;
  const dir = {
    inbox: localPathInside(settings.root, settings.folders.inbox),
    processing: localPathInside(settings.root, settings.folders.processing),
    archive: localPathInside(settings.root, settings.folders.archive),
    failed: localPathInside(settings.root, settings.folders.failed),
    outbox: localPathInside(settings.root, settings.folders.outbox),
  };
  const filter = createFileFilter({ ...settings, doneSuffix: settings.readiness.doneSuffix });
  const tracker = new ReadinessTracker(settings.readiness, now);
  let watcher: FSWatcher | undefined;
  /** Ends a start that is waiting for the watcher, when the channel is stopped meanwhile. */
  let endStart: (() => void) | undefined;
  /** Set by `stop()`: a start still under way gives up (no watcher or timer outlives the stop). */
  let stopRequested = false;
  let pollTimer: NodeJS.Timeout | undefined;

  /** Reads a claimed file through `consume`, checking that it did not change meanwhile (size, mtime). */
  const readThrough = async <T>(
    file: ClaimedFile,
    consume: (stream: AsyncIterable<Buffer>, name: string, expectedSize: number, maxBytes: number) => Promise<T>,
  ): Promise<T> => {
    const path = localPathInside(settings.root, settings.folders.processing, file.processingName);
    const handle = await io(`opening ${file.processingName}`, () => open(path, 'r'));
    try {
      const before = await handle.stat();
      const result = await consume(createReadStream(path, { fd: handle.fd, autoClose: false, start: 0 }), file.processingName, before.size, settings.maxFileBytes);
      const after = await handle.stat();
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
        throw new IntakeSizeMismatchError(file.processingName, before.size, after.size);
      }
      return result;
    } finally {
      await handle.close();
    }
  };
  let wakeTimer: NodeJS.Timeout | undefined;
  let running = false;
  /** Raw directory-entry bytes of refused names from the last scan (names that are not UTF-8 need them). */
  let rawNames = new Map<string, Buffer>();
  /** A raw name as a path in the inbox: POSIX entry names never hold `/`, so this stays inside it. */
  const rawInboxPathOf = (name: Buffer): Buffer => Buffer.concat([Buffer.from(`${dir.inbox}${sep}`, 'utf8'), name]);
  const rawInboxPath = (name: string): Buffer => rawInboxPathOf(rawNames.get(name) ?? Buffer.from(name, 'utf8'));

  const io = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw new IntakeIoFailedError(`channel ${settings.name}: ${what} failed: ${(error as Error).message}`, { cause: error });
    }
  };

  /** Writes under a temporary name in `folder`, then renames over `name`. */
  const writeAtomically = async (folder: string, name: string, content: string | Uint8Array): Promise<void> => {
    const target = localPathInside(settings.root, folder, name);
    const temporary = localPathInside(settings.root, folder, makeTemporaryName(name));
    await io(`writing ${name}`, async () => {
      try {
        await writeFile(temporary, content, { flush: true }).catch(async (error: unknown) => {
          if (!isErrno(error, 'ENOENT')) throw error;
          // The folder was deleted at runtime: recreate it.
          await mkdir(localPathInside(settings.root, folder), { recursive: true });
          await writeFile(temporary, content, { flush: true });
        });
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    });
  };

  /** Moves a claimed file out of processing/; done already (a repeat after a crash) is fine. */
  const moveOnce = async (processingName: string, folder: string): Promise<void> => {
    const source = localPathInside(settings.root, settings.folders.processing, processingName);
    const target = localPathInside(settings.root, folder, processingName);
    try {
      await rename(source, target);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      if (await stat(target).then(() => true, () => false)) return;
      // The target folder was deleted at runtime (the source is still there): recreate it, move again.
      if (!(await lstat(source).then(() => true, () => false))) throw error;
      await mkdir(localPathInside(settings.root, folder), { recursive: true });
      await rename(source, target);
    }
  };

  return {
    name: settings.name,
    kind: 'local',
    settleMs: settings.readiness.mode === 'stable' ? settings.readiness.stableForMs : 0,

    async start(onWake: WakeListener, onError?: (error: unknown) => void): Promise<void> {
      stopRequested = false;
      for (const path of Object.values(dir)) await io(`creating ${path}`, () => mkdir(path, { recursive: true }));
      if (stopRequested) return; // stopped while the folders were made
      running = true;
      // A watch event only says "look soon": readiness needs another scan `stableForMs` later.
      const wakeSoon = (): void => {
        if (wakeTimer !== undefined || !running) return;
        wakeTimer = setTimeout(
          () => {
            wakeTimer = undefined;
            onWake();
          },
          settings.readiness.mode === 'stable' ? settings.readiness.stableForMs + 50 : 50,
        );
      };
      watcher = watch(dir.inbox, {
        depth: 0,
        ignoreInitial: true,
        usePolling: settings.usePolling ?? false,
        ...(settings.usePolling === true ? { interval: Math.min(settings.pollIntervalMs, 1000) } : {}),
        ignored: (path: string) => path !== dir.inbox && basename(path).startsWith('.'),
      });
      watcher.on('all', () => {
        wakeSoon();
        // size/mtime stability needs a follow-up look even when no further event comes
        if (settings.readiness.mode === 'stable') setTimeout(wakeSoon, settings.readiness.stableForMs * 2 + 100).unref();
      });
      watcher.on('error', (error) => onError?.(error));
      // A stop while the watcher gets ready ends the start too (a closed watcher never says 'ready').
      await new Promise<void>((resolve) => {
        endStart = resolve;
        watcher?.once('ready', () => resolve());
      });
      endStart = undefined;
      if (stopRequested) {
        await watcher?.close();
        watcher = undefined;
        return;
      }
      pollTimer = setInterval(onWake, settings.pollIntervalMs);
      // Files already present: first scan records them, the wake-up after stableForMs takes them.
      onWake();
      wakeSoon();
    },

    async stop(): Promise<void> {
      running = false;
      stopRequested = true;
      endStart?.();
      if (pollTimer !== undefined) clearInterval(pollTimer);
      if (wakeTimer !== undefined) clearTimeout(wakeTimer);
      pollTimer = undefined;
      wakeTimer = undefined;
      await watcher?.close();
      watcher = undefined;
    },

    async scan(): Promise<ScanResult> {
      // Raw bytes: a name that is not UTF-8 must still be addressable to be moved out of the inbox.
      const entries = await io('listing the inbox', () => readdir(dir.inbox, { withFileTypes: true, encoding: 'buffer' }));
      const candidates: InboxFile[] = [];
      const markers = new Set<string>();
      const rejected: RejectedFile[] = [];
      const rejectedFiles: InboxFile[] = [];
      const raw = new Map<string, Buffer>();
      const irregular: IrregularEntry[] = [];
      for (const entry of entries) {
        if (!entry.isFile()) {
          const name = entry.name.toString('utf8');
          if (!filter.isDoneMarker(name) && filter.isCandidate(name)) irregular.push({ name, kind: entryKind(entry) });
          continue;
        }
        const name = entry.name.toString('utf8');
        if (filter.isDoneMarker(name)) {
          markers.add(name);
          raw.set(name, entry.name);
          continue;
        }
        if (!filter.isCandidate(name)) continue;
        const reason = unsafeIncomingNameReason(name);
        if (reason !== undefined) {
          rejected.push({ name, reason });
          raw.set(name, entry.name);
        }
        try {
          const info = await stat(reason === undefined ? localPathInside(settings.root, settings.folders.inbox, name) : rawInboxPathOf(entry.name));
          (reason === undefined ? candidates : rejectedFiles).push({ name, size: info.size, mtimeMs: info.mtimeMs });
        } catch (error) {
          if (!isErrno(error, 'ENOENT')) throw error; // claimed by someone else meanwhile
        }
      }
      rawNames = raw;
      // Refused names pass the same completeness check as candidates before they are moved.
      const observed = tracker.observe([...candidates, ...rejectedFiles], markers);
      const isRejected = new Map(rejected.map((r) => [r.name, r.reason]));
      const refusable: RefusableFile[] = [];
      for (const file of observed.ready) {
        const reason = isRejected.get(file.name);
        if (reason !== undefined) refusable.push({ ...file, reason, addressable: true });
      }
      return {
        ready: observed.ready.filter((f) => !isRejected.has(f.name)),
        waiting: observed.waiting.filter((f) => !isRejected.has(f.name)),
        rejected,
        refusable,
        irregular,
      };
    },

    async refuse(file: RefusableFile): Promise<RefusedFile | undefined> {
      const source = rawInboxPath(file.name);
      const marker = `${file.name}${settings.readiness.doneSuffix}`;
      const markerPath = settings.readiness.mode === 'done-marker' ? rawInboxPath(marker) : undefined;
      const refused = await refuseInboxFile(
        {
          channel: settings.name,
          failedFolder: settings.folders.failed,
          existsInFailed: (name) => lstat(localPathInside(settings.root, settings.folders.failed, name)).then(() => true, () => false),
          sourceExists: () => lstat(source).then(() => true, () => false),
          writeReport: (name, content) => writeAtomically(settings.folders.outbox, name, content),
          removeReport: (name) => io(`removing ${name}`, () => rm(localPathInside(settings.root, settings.folders.outbox, name), { force: true })),
          moveToFailed: (name) =>
            io(`moving a refused file to ${settings.folders.failed}/${name}`, async () => {
              try {
                await rename(source, localPathInside(settings.root, settings.folders.failed, name));
                return true;
              } catch (error) {
                // gone from the inbox (taken by another instance), unless failed/ itself is missing
                if (isErrno(error, 'ENOENT') && !(await lstat(source).then(() => true, () => false))) return false;
                throw error;
              }
            }),
        },
        file,
      );
      tracker.forget(file.name);
      if (refused !== undefined && markerPath !== undefined) await unlink(markerPath).catch(() => undefined);
      return refused;
    },

    async claim(file: InboxFile): Promise<ClaimedFile | undefined> {
      assertSafeName(file.name);
      const claimedAt = now();
      const processingName = makeProcessingName(file.name, claimedAt);
      try {
        await rename(
          localPathInside(settings.root, settings.folders.inbox, file.name),
          localPathInside(settings.root, settings.folders.processing, processingName),
        );
      } catch (error) {
        if (isErrno(error, 'ENOENT')) {
          tracker.forget(file.name);
          return undefined; // another instance was first
        }
        throw new IntakeIoFailedError(`channel ${settings.name}: claiming ${file.name} failed`, { cause: error });
      }
      tracker.forget(file.name);
      if (settings.readiness.mode === 'done-marker') {
        await unlink(localPathInside(settings.root, settings.folders.inbox, `${file.name}${settings.readiness.doneSuffix}`)).catch(
          () => undefined,
        );
      }
      return { channel: settings.name, originalName: file.name, processingName, claimedAt };
    },

    async listProcessing(): Promise<ClaimedFile[]> {
      const names = await io('listing processing/', () => readdir(dir.processing));
      const claimed: ClaimedFile[] = [];
      for (const processingName of names) {
        const parsed = parseProcessingName(processingName);
        if (parsed === undefined) continue;
        const info = await lstat(localPathInside(settings.root, settings.folders.processing, processingName)).catch(() => undefined);
        if (info === undefined || !info.isFile()) continue; // moved on meanwhile
        claimed.push({ channel: settings.name, processingName, ...parsed, size: info.size, mtimeMs: info.mtimeMs });
      }
      return claimed.sort((a, b) => a.claimedAt - b.claimedAt);
    },

    read: (file: ClaimedFile): Promise<ReadFile> => readThrough(file, collectVerified),
    digest: (file: ClaimedFile): Promise<FileDigest> => readThrough(file, digestVerified),
    download: (file: ClaimedFile, localPath: string): Promise<FileDigest> =>
      readThrough(file, (stream, name, expected, max) => saveVerified(stream, name, expected, max, localPath)),

    async archive(file: ClaimedFile): Promise<void> {
      await io(`archiving ${file.processingName}`, () => moveOnce(file.processingName, settings.folders.archive));
    },

    async fail(file: ClaimedFile, report: { content: string | Uint8Array; suffix?: string }): Promise<void> {
      await writeAtomically(settings.folders.failed, `${file.processingName}${report.suffix ?? '.error.json'}`, report.content);
      await io(`moving ${file.processingName} to failed/`, () => moveOnce(file.processingName, settings.folders.failed));
    },

    async writeOutbox(fileName: string, content: string | Uint8Array): Promise<void> {
      await writeAtomically(settings.folders.outbox, fileName, content);
    },

    async writeInbox(fileName: string, content: string | Uint8Array): Promise<void> {
      await writeAtomically(settings.folders.inbox, fileName, content);
      if (settings.readiness.mode === 'done-marker') await writeAtomically(settings.folders.inbox, `${fileName}${settings.readiness.doneSuffix}`, '');
    },

    async survey(): Promise<ChannelSurvey> {
      const isDir = (p: string): Promise<boolean> => stat(p).then((s) => s.isDirectory(), () => false);
      if (!(await isDir(settings.root))) return { rootExists: false, missingFolders: Object.values(settings.folders), candidates: 0, unmatched: [] };
      const missingFolders: string[] = [];
      for (const [key, path] of Object.entries(dir)) if (!(await isDir(path))) missingFolders.push(settings.folders[key as keyof typeof settings.folders]);
      const names = missingFolders.includes(settings.folders.inbox) ? [] : await io('listing the inbox', () => readdir(dir.inbox, { withFileTypes: true }));
      const files = names.filter((e) => e.isFile()).map((e) => e.name);
      return { rootExists: true, missingFolders, candidates: files.filter((n) => filter.isCandidate(n)).length, unmatched: files.filter((n) => filter.isUnmatched(n)).sort() };
    },

    async requeue(folder: 'archive' | 'failed', name: string, inboxName: string): Promise<'moved' | 'missing' | 'exists'> {
      const from = localPathInside(settings.root, settings.folders[folder], name);
      const to = localPathInside(settings.root, settings.folders.inbox, inboxName);
      await io('creating the inbox', () => mkdir(dir.inbox, { recursive: true }));
      // link + unlink: a move that never replaces a file already in the inbox.
      try {
        await link(from, to);
      } catch (error) {
        if (isErrno(error, 'ENOENT')) return 'missing';
        if (isErrno(error, 'EEXIST')) return 'exists';
        throw new IntakeIoFailedError(`channel ${settings.name}: moving ${name} to the inbox: ${(error as Error).message}`, { cause: error });
      }
      await io(`removing ${name} from ${folder}/`, () => unlink(from));
      if (settings.readiness.mode === 'done-marker') await io('writing the done-marker', () => writeFile(`${to}${settings.readiness.doneSuffix}`, ''));
      return 'moved';
    },
  };
}
