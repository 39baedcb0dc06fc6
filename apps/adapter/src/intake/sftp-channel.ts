import SftpClient from 'ssh2-sftp-client';
import {
  AdapterError,
  IntakeChannelStoppedError,
  IntakeConnectionFailedError,
  IntakeHostKeyRejectedError,
  IntakeIoFailedError,
  IntakeSizeMismatchError,
  IntakeTimeoutError,
} from '../errors.js';
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
import { hostPool, type SftpEndpoint } from './lib/sftp-pool.js';
import { ReadinessTracker } from './lib/readiness.js';
import { isAddressableName, refuseInboxFile } from './lib/refusal.js';
import { assertSafeName, remotePathInside, unsafeIncomingNameReason } from './lib/safe-name.js';

/** How to reach and authenticate to the SFTP server. Secrets are already resolved by the config. */
export interface SftpConnectionSettings extends SftpEndpoint {
  /** Open connections to one host:port, shared by all channels of this process (default 4; the smallest configured wins). */
  maxConnectionsPerHost?: number;
}

export interface SftpChannelSettings extends ChannelSettings {
  connection: SftpConnectionSettings;
  /**
   * Deadline of every remote operation (list, stat, rename, write), and the longest a download may
   * go without receiving a byte. On expiry the connection is dropped and the operation fails
   * (`INTAKE_TIMEOUT`, transient), so a server that stops answering never holds a worker for
   * longer. After a timeout the channel's other operations fail at once (`INTAKE_CONNECTION_FAILED`)
   * until an inbox scan reaches the server again, so at most the operations already under way wait
   * out a hang. Default 5 s.
   */
  operationTimeoutMs?: number;
}

/**
 * Runs `fn` with a deadline of `ms`; `fn` may call `extend()` to restart the clock (a download that
 * is still receiving bytes).
 */
function withDeadline<T>(
  ms: number,
  describe: () => string,
  fn: (extend: () => void) => Promise<T>,
  onTimeout: (error: IntakeTimeoutError) => void = () => undefined,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const arm = (): void => {
      if (settled) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        settled = true;
        const error = new IntakeTimeoutError(describe());
        reject(error);
        onTimeout(error);
      }, ms);
    };
    arm();
    fn(arm).then(
      (value) => {
        if (timer !== undefined) clearTimeout(timer);
        if (!settled) resolve(value);
        settled = true;
      },
      (error: unknown) => {
        if (timer !== undefined) clearTimeout(timer);
        if (!settled) reject(error);
        settled = true;
      },
    );
  });
}

/** `work`, or a rejection with the signal's reason once it aborts (the work itself is left to fail on its own). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Passes a stream's chunks through, calling `onChunk` for each (keeps a download's deadline alive). */
async function* chunksExtending(stream: AsyncIterable<Buffer>, onChunk: () => void): AsyncIterable<Buffer> {
  for await (const chunk of stream) {
    onChunk();
    yield chunk;
  }
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that ssh2 puts on `error.code`. */
const NO_SUCH_FILE = 2;

const codeOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined);
/** SFTP protocol errors carry a numeric status; anything else means the connection is in doubt. */
const isConnectionError = (error: unknown): boolean => !(error instanceof AdapterError) && typeof codeOf(error) !== 'number';
const isNoSuchFile = (error: unknown): boolean => codeOf(error) === NO_SUCH_FILE;
const OP_UNSUPPORTED = 8;
/** The server lacks the extension: ssh2 refuses locally (not advertised) or the server says OP_UNSUPPORTED. */
const isUnsupported = (error: unknown): boolean =>
  codeOf(error) === OP_UNSUPPORTED || /not support/i.test((error as Error)?.message ?? '');

/**
 * Creates a channel over an SFTP server (ssh2-sftp-client). Connections come from a process-wide
 * pool per host (bounded by `maxConnectionsPerHost`, shared by channels with the same account),
 * are re-opened with exponential backoff after a failure, and are only made when the server's
 * host key matches a pinned SHA256 fingerprint. Claims use
 * `posix-rename@openssh.com` (plain rename when the server lacks it) to a unique name, so
 * several instances can poll one inbox.
 *
 * @example
 * ```ts
 * const channel = createSftpChannel({ ...settings, connection: { host: 'sftp.partner.no', port: 22,
 *   username: 'tollkit', privateKey, hostKeyFingerprints: ['SHA256:…'] } });
 * await channel.start(() => void drain(), (error) => log.warn({ err: error }, 'sftp'));
 * ```
 */
export function createSftpChannel(settings: SftpChannelSettings): Channel {
  const now = settings.now ?? Date.now;
  const conn = settings.connection;
  const filter = createFileFilter({ ...settings, doneSuffix: settings.readiness.doneSuffix });
  const tracker = new ReadinessTracker(settings.readiness, now);
  const path = (folder: keyof ChannelSettings['folders'], name?: string): string =>
    remotePathInside(settings.root, settings.folders[folder], name);
  // validate the folder layout eagerly
  for (const folder of ['inbox', 'processing', 'archive', 'failed', 'outbox'] as const) path(folder);

  const pool = hostPool(conn.host, conn.port);
  const operationTimeoutMs = settings.operationTimeoutMs ?? 5_000;
  /** Set when an operation timed out: until a scan (the probe) succeeds, other operations fail at once. */
  let unanswered: string | undefined;
  /** A timed-out operation leaves its connection in doubt: it is dropped, never reused. */
  const isBroken = (error: unknown): boolean => error instanceof IntakeTimeoutError || isConnectionError(error);
  let stopController = new AbortController();
  let stopped = true;
  let registered = false;
  let foldersReady = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let errorListener: ((error: unknown) => void) | undefined;
  /** Unaddressable refused files this process already answered (channel, name, size, mtime). */
  const answered = new Set<string>();
  /**
   * A refused (but addressable) name in the inbox. No `/`, not `.`/`..`: the path stays in the inbox.
   * Only for names the server listed; `remotePathInside` refuses them by design.
   */
  const rawInboxPath = (name: string): string => {
    if (!isAddressableName(name)) throw new IntakeIoFailedError(`channel ${settings.name}: ${JSON.stringify(name)} cannot be addressed`);
    return `${path('inbox')}/${name}`;
  };

  const ensureFolders = async (client: SftpClient): Promise<void> => {
    for (const folder of ['inbox', 'processing', 'archive', 'failed', 'outbox'] as const) {
      const remote = path(folder);
      if ((await client.exists(remote)) === 'd') continue;
      try {
        await client.mkdir(remote, true);
      } catch (error) {
        if ((await client.exists(remote)) !== 'd') throw error; // not a race with another instance
      }
    }
    foldersReady = true;
  };

  /**
   * Runs `fn` on a connection borrowed from the host's pool. A connection-level failure discards
   * that connection; `retry` (for idempotent operations) tries once more on another one.
   */
  const withClient = async <T>(
    what: string,
    fn: (client: SftpClient, extend: () => void) => Promise<T>,
    retry = true,
    probe = false,
    /** `false`: never create the folders (doctor's survey creates nothing). */
    ensure = true,
  ): Promise<T> => {
    if (unanswered !== undefined && !probe) {
      throw new IntakeConnectionFailedError(`channel ${settings.name}: ${what} not tried: ${unanswered}; operations resume once an inbox scan reaches the server`);
    }
    for (let attempt = 1; ; attempt++) {
      if (stopped) throw new IntakeChannelStoppedError(settings.name);
      // One deadline for the whole operation, waiting for a pooled connection included: a pool whose
      // sessions all hang must not hold the caller longer than any single operation could.
      const abort = new AbortController();
      const onStop = (): void => abort.abort(new IntakeChannelStoppedError(settings.name));
      stopController.signal.addEventListener('abort', onStop, { once: true });
      try {
        const result = await withDeadline(
          operationTimeoutMs,
          () => `channel ${settings.name}: ${what} got no answer from ${conn.host}:${conn.port} within ${operationTimeoutMs} ms; connection dropped`,
          (extend) =>
            pool.use(
              conn,
              abort.signal,
              (error) => errorListener?.(error),
              async (client) => {
                if (ensure && !foldersReady) await untilAborted(ensureFolders(client), abort.signal);
                return untilAborted(fn(client, extend), abort.signal);
              },
              isBroken,
            ),
          (timeout) => abort.abort(timeout),
        ).finally(() => stopController.signal.removeEventListener('abort', onStop));
        if (probe) unanswered = undefined;
        return result;
      } catch (error) {
        if (error instanceof IntakeTimeoutError) {
          unanswered = `${conn.host}:${conn.port} stopped answering (${what})`;
          pool.discardIdle(); // the other idle sessions to this server are likely stuck too
        }
        if (error instanceof AdapterError) throw error;
        if (retry && attempt < 2 && isNoSuchFile(error) && !stopped) {
          foldersReady = false; // a folder was deleted at runtime: create the folders again, then retry once
          continue;
        }
        if (!isConnectionError(error)) {
          throw new IntakeIoFailedError(`channel ${settings.name}: ${what} failed: ${(error as Error).message}`, { cause: error });
        }
        if (!retry || attempt >= 2 || stopped) {
          throw new IntakeConnectionFailedError(`channel ${settings.name}: ${what} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
      }
    }
  };

  /** Reads a claimed file through `consume`, checking that it did not change meanwhile (size, mtime). */
  const readThrough = <T>(
    file: ClaimedFile,
    consume: (stream: AsyncIterable<Buffer>, name: string, expectedSize: number, maxBytes: number) => Promise<T>,
  ): Promise<T> => {
    const remote = path('processing', file.processingName);
    return withClient(`reading ${file.processingName}`, async (client, extend) => {
      const before = await client.stat(remote);
      const stream = client.createReadStream(remote);
      // Errors reach `consume` through iteration; this listener only keeps a stream that `consume` gave up on
      // before reading (e.g. a file over the size limit) from failing the process when the connection closes.
      stream.on('error', () => undefined);
      let result: T;
      try {
        result = await consume(chunksExtending(stream as AsyncIterable<Buffer>, extend), file.processingName, before.size, settings.maxFileBytes);
      } finally {
        stream.destroy();
      }
      const after = await client.stat(remote);
      if (after.size !== before.size || after.modifyTime !== before.modifyTime) {
        throw new IntakeSizeMismatchError(file.processingName, before.size, after.size);
      }
      return result;
    });
  };

  /** posix-rename (atomic, replaces the target); plain rename when the server lacks the extension. */
  const moveReplacing = async (client: SftpClient, from: string, to: string): Promise<void> => {
    try {
      await client.posixRename(from, to);
    } catch (error) {
      if (!isUnsupported(error)) throw error;
      await client.delete(to, true);
      await client.rename(from, to);
    }
  };

  const writeAtomically = async (folder: 'failed' | 'outbox' | 'inbox', name: string, content: string | Uint8Array): Promise<void> => {
    const target = path(folder, name);
    const temporary = path(folder, makeTemporaryName(name));
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    await withClient(`writing ${name}`, async (client) => {
      try {
        await client.put(body, temporary);
        const written = await client.stat(temporary);
        if (written.size !== body.byteLength) throw new IntakeSizeMismatchError(name, body.byteLength, written.size);
        await moveReplacing(client, temporary, target);
      } catch (error) {
        await client.delete(temporary, true).catch(() => undefined);
        throw error;
      }
    });
  };

  const existsRemote = (what: string, remote: string): Promise<boolean> =>
    withClient(what, async (client) => (await client.exists(remote)) !== false);

  /** The file operations `refuseInboxFile` needs, on this server. */
  const refusalOps = (file: RefusableFile): Parameters<typeof refuseInboxFile>[0] => ({
    channel: settings.name,
    failedFolder: settings.folders.failed,
    existsInFailed: (name) => existsRemote(`looking for ${name} in failed/`, path('failed', name)),
    sourceExists: () => existsRemote('looking for a refused file', rawInboxPath(file.name)),
    writeReport: (name, content) => writeAtomically('outbox', name, content),
    removeReport: (name) => withClient(`removing ${name}`, (client) => client.delete(path('outbox', name), true)).then(() => undefined),
    moveToFailed: async (name) => {
      const from = rawInboxPath(file.name);
      const to = path('failed', name);
      // plain rename: never replaces an existing file in failed/
      const move = async (client: SftpClient): Promise<boolean> => {
        try {
          await client.rename(from, to);
          return true;
        } catch (error) {
          // gone from the inbox (taken by another instance), unless failed/ itself is missing
          if (isNoSuchFile(error) && (await client.exists(from)) === false) return false;
          throw error;
        }
      };
      try {
        return await withClient(`moving a refused file to failed/${name}`, move, false);
      } catch (error) {
        if (!(error instanceof IntakeConnectionFailedError)) throw error;
        // The rename may have happened before the connection broke: the deterministic target tells.
        return withClient(`checking the move to failed/${name}`, async (client) => ((await client.exists(to)) === '-' ? true : move(client)));
      }
    },
  });

  return {
    name: settings.name,
    kind: 'sftp',
    settleMs: settings.readiness.mode === 'stable' ? settings.readiness.stableForMs : 0,

    async start(onWake: WakeListener, onError?: (error: unknown) => void): Promise<void> {
      stopped = false;
      unanswered = undefined;
      stopController = new AbortController();
      errorListener = onError;
      if (!registered) {
        pool.register(conn.maxConnectionsPerHost ?? 4);
        registered = true;
      }
      try {
        await withClient('creating the folders', async () => undefined);
      } catch (error) {
        if (error instanceof IntakeHostKeyRejectedError) {
          await this.stop(); // configuration problem: refuse to start
          throw error;
        }
        onError?.(error); // server down: keep polling, reconnect with backoff
      }
      pollTimer = setInterval(onWake, settings.pollIntervalMs);
      onWake();
    },

    async stop(): Promise<void> {
      stopped = true;
      stopController.abort();
      if (pollTimer !== undefined) clearInterval(pollTimer);
      pollTimer = undefined;
      if (registered) {
        registered = false;
        await pool.unregister();
      }
    },

    async scan(): Promise<ScanResult> {
      // The scan is the probe: it runs even after a timeout, and its success lets other operations through.
      const entries = await withClient('listing the inbox', (client) => client.list(path('inbox')), true, true);
      const candidates: InboxFile[] = [];
      const markers = new Set<string>();
      const rejected: RejectedFile[] = [];
      const rejectedFiles: InboxFile[] = [];
      const irregular: IrregularEntry[] = [];
      for (const entry of entries) {
        if (entry.type !== '-') {
          if (!filter.isDoneMarker(entry.name) && filter.isCandidate(entry.name)) {
            irregular.push({ name: entry.name, kind: entry.type === 'd' ? 'directory' : entry.type === 'l' ? 'symbolic link' : 'other' });
          }
          continue;
        }
        if (filter.isDoneMarker(entry.name)) {
          markers.add(entry.name);
          continue;
        }
        if (!filter.isCandidate(entry.name)) continue;
        const reason = unsafeIncomingNameReason(entry.name);
        const file = { name: entry.name, size: entry.size, mtimeMs: entry.modifyTime };
        if (reason === undefined) candidates.push(file);
        else {
          rejected.push({ name: entry.name, reason });
          rejectedFiles.push(file);
        }
      }
      // Refused names pass the same completeness check as candidates before they are moved.
      const observed = tracker.observe([...candidates, ...rejectedFiles], markers);
      const reasons = new Map(rejected.map((r) => [r.name, r.reason]));
      const refusable: RefusableFile[] = [];
      for (const file of observed.ready) {
        const reason = reasons.get(file.name);
        // ssh2 decodes names as UTF-8: other bytes arrive as U+FFFD and no longer name the file.
        if (reason !== undefined) refusable.push({ ...file, reason, addressable: isAddressableName(file.name) && !file.name.includes('\ufffd') });
      }
      return {
        ready: observed.ready.filter((f) => !reasons.has(f.name)),
        waiting: observed.waiting.filter((f) => !reasons.has(f.name)),
        rejected,
        refusable,
        irregular,
      };
    },

    async refuse(file: RefusableFile): Promise<RefusedFile | undefined> {
      if (!file.addressable) {
        const key = JSON.stringify([file.name, file.size, file.mtimeMs]);
        if (answered.has(key)) return undefined;
        const refused = await refuseInboxFile(refusalOps(file), file);
        answered.add(key);
        return refused;
      }
      const refused = await refuseInboxFile(refusalOps(file), file);
      tracker.forget(file.name);
      if (refused !== undefined && settings.readiness.mode === 'done-marker') {
        const marker = `${file.name}${settings.readiness.doneSuffix}`;
        await withClient('removing the done-marker', (client) => client.delete(rawInboxPath(marker), true)).catch(() => undefined);
      }
      return refused;
    },

    async claim(file: InboxFile): Promise<ClaimedFile | undefined> {
      assertSafeName(file.name);
      const claimedAt = now();
      const processingName = makeProcessingName(file.name, claimedAt);
      const from = path('inbox', file.name);
      const to = path('processing', processingName);
      const claimed: ClaimedFile = { channel: settings.name, originalName: file.name, processingName, claimedAt };
      tracker.forget(file.name);
      const rename = async (client: SftpClient): Promise<boolean> => {
        try {
          await client.posixRename(from, to);
        } catch (error) {
          if (isNoSuchFile(error)) return false;
          if (!isUnsupported(error)) throw error;
          try {
            await client.rename(from, to); // target name is unique: no overwrite needed
          } catch (fallbackError) {
            if (isNoSuchFile(fallbackError)) return false;
            throw fallbackError;
          }
        }
        return true;
      };
      let won: boolean;
      try {
        won = await withClient(`claiming ${file.name}`, rename, false);
      } catch (error) {
        if (!(error instanceof IntakeConnectionFailedError)) throw error;
        // The rename may have happened before the connection broke: the unique target name tells.
        won = await withClient(`checking the claim of ${file.name}`, async (client) => {
          if ((await client.exists(to)) === '-') return true;
          return rename(client);
        });
      }
      if (!won) return undefined;
      if (settings.readiness.mode === 'done-marker') {
        await withClient('removing the done-marker', (client) =>
          client.delete(path('inbox', `${file.name}${settings.readiness.doneSuffix}`), true),
        ).catch(() => undefined);
      }
      return claimed;
    },

    async listProcessing(): Promise<ClaimedFile[]> {
      const entries = await withClient('listing processing/', (client) => client.list(path('processing')));
      const claimed: ClaimedFile[] = [];
      for (const entry of entries) {
        if (entry.type !== '-') continue;
        const parsed = parseProcessingName(entry.name);
        if (parsed !== undefined) claimed.push({ channel: settings.name, processingName: entry.name, ...parsed, size: entry.size, mtimeMs: entry.modifyTime });
      }
      return claimed.sort((a, b) => a.claimedAt - b.claimedAt);
    },

    read: (file: ClaimedFile): Promise<ReadFile> => readThrough(file, collectVerified),
    digest: (file: ClaimedFile): Promise<FileDigest> => readThrough(file, digestVerified),
    download: (file: ClaimedFile, localPath: string): Promise<FileDigest> =>
      readThrough(file, (stream, name, expected, max) => saveVerified(stream, name, expected, max, localPath)),

    async archive(file: ClaimedFile): Promise<void> {
      await withClient(`archiving ${file.processingName}`, async (client) => {
        const from = path('processing', file.processingName);
        const to = path('archive', file.processingName);
        if ((await client.exists(from)) !== '-' && (await client.exists(to)) === '-') return; // done before a reconnect
        await moveReplacing(client, from, to);
      });
    },

    async fail(file: ClaimedFile, report: { content: string | Uint8Array; suffix?: string }): Promise<void> {
      await writeAtomically('failed', `${file.processingName}${report.suffix ?? '.error.json'}`, report.content);
      await withClient(`moving ${file.processingName} to failed/`, async (client) => {
        const from = path('processing', file.processingName);
        const to = path('failed', file.processingName);
        if ((await client.exists(from)) !== '-' && (await client.exists(to)) === '-') return;
        await moveReplacing(client, from, to);
      });
    },

    async writeOutbox(fileName: string, content: string | Uint8Array): Promise<void> {
      await writeAtomically('outbox', fileName, content);
    },

    async writeInbox(fileName: string, content: string | Uint8Array): Promise<void> {
      await writeAtomically('inbox', fileName, content);
      if (settings.readiness.mode === 'done-marker') await writeAtomically('inbox', `${fileName}${settings.readiness.doneSuffix}`, '');
    },

    async survey(): Promise<ChannelSurvey> {
      // Connects like start() but creates nothing: the root and folders are only looked at.
      const wasStopped = stopped;
      stopped = false;
      if (!registered) {
        pool.register(conn.maxConnectionsPerHost ?? 4);
        registered = true;
      }
      try {
        return await withClient(
          'looking at the folders',
          async (client) => {
            if ((await client.exists(settings.root)) !== 'd') return { rootExists: false, missingFolders: Object.values(settings.folders), candidates: 0, unmatched: [] };
            const missingFolders: string[] = [];
            for (const folder of ['inbox', 'processing', 'archive', 'failed', 'outbox'] as const) {
              if ((await client.exists(path(folder))) !== 'd') missingFolders.push(settings.folders[folder]);
            }
            const entries = missingFolders.includes(settings.folders.inbox) ? [] : await client.list(path('inbox'));
            const files = entries.filter((e) => e.type === '-').map((e) => e.name);
            return { rootExists: true, missingFolders, candidates: files.filter((n) => filter.isCandidate(n)).length, unmatched: files.filter((n) => filter.isUnmatched(n)).sort() };
          },
          true,
          false,
          false,
        );
      } finally {
        if (wasStopped) await this.stop();
      }
    },

    async requeue(folder: 'archive' | 'failed', name: string, inboxName: string): Promise<'moved' | 'missing' | 'exists'> {
      const from = path(folder, name);
      const to = path('inbox', inboxName);
      return withClient(`moving ${name} to the inbox`, async (client) => {
        if ((await client.exists(from)) !== '-') return 'missing';
        if ((await client.exists(to)) !== false) return 'exists';
        // plain rename: never replaces a file that appeared in the inbox meanwhile
        await client.rename(from, to);
        if (settings.readiness.mode === 'done-marker') await client.put(Buffer.alloc(0), `${to}${settings.readiness.doneSuffix}`);
        return 'moved';
      });
    },
  };
}
