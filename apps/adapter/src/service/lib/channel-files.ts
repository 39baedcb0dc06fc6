import { randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Channel, ClaimedFile } from '../../intake/channel.js';
import { localPathInside } from '../../intake/lib/safe-name.js';
import type { ClaimedRef, PipelineChannel } from '../../pipeline/ports.js';

function claimedFile(channel: Channel, file: ClaimedRef): ClaimedFile {
  return { channel: channel.name, originalName: file.originalName, processingName: file.processingName, claimedAt: 0 };
}

/** Whether the file is still in `processing/`. */
async function stillProcessing(channel: Channel, processingName: string): Promise<boolean> {
  const listed = await channel.listProcessing();
  return listed.some((f) => f.processingName === processingName);
}

/** Where a local channel's claimed files lie on disk (lets the pipeline stream them). */
export interface LocalProcessingFolder {
  /** The channel root. */
  readonly root: string;
  /** The `processing/` folder name under the root. */
  readonly processing: string;
}

/**
 * The pipeline's view of an intake channel. Moves are made idempotent: when a move fails because
 * the file is no longer in `processing/` (it was moved before a crash), that counts as done.
 * Claimed files are also offered as a stream (`openProcessing`), so big manifests are parsed while
 * read: straight from disk with `local` (a local folder channel); with `spool` (a local folder for
 * a remote channel, e.g. SFTP) the file is first copied there (`Channel.download`: size and change
 * checks as for any read) and the copy is removed once the stream closes. Without either, only the
 * whole-file read of `Channel.read`.
 */
export function channelFiles(channel: Channel, local?: LocalProcessingFolder, spool?: string): PipelineChannel {
  return {
    name: channel.name,
    async readProcessing(file) {
      return (await channel.read(claimedFile(channel, file))).bytes;
    },
    ...(local !== undefined
      ? {
          async openProcessing(file: ClaimedRef): Promise<AsyncIterable<Uint8Array>> {
            // Opened here so a missing file fails now (retried), not in the middle of parsing.
            const handle = await open(localPathInside(local.root, local.processing, file.processingName), 'r');
            return handle.createReadStream({ highWaterMark: 64 * 1024 });
          },
        }
      : spool !== undefined
        ? {
            async openProcessing(file: ClaimedRef): Promise<AsyncIterable<Uint8Array>> {
              await mkdir(spool, { recursive: true });
              // A unique local name: two workers (or a retry) never share a copy.
              const copy = join(spool, `${randomBytes(6).toString('hex')}.spool`);
              await channel.download(claimedFile(channel, file), copy);
              const handle = await open(copy, 'r');
              // Unlinked now: the open handle keeps the data readable and nothing is left behind,
              // whatever happens to the process.
              await rm(copy, { force: true });
              return handle.createReadStream({ highWaterMark: 64 * 1024 });
            },
          }
        : {}),
    async archive(file) {
      try {
        await channel.archive(claimedFile(channel, file));
      } catch (error) {
        if (await stillProcessing(channel, file.processingName)) throw error;
      }
    },
    async fail(file, report) {
      try {
        await channel.fail(claimedFile(channel, file), { content: report, suffix: '.error.txt' });
      } catch (error) {
        if (await stillProcessing(channel, file.processingName)) throw error;
      }
    },
    async writeOutbox(fileName, content) {
      await channel.writeOutbox(fileName, content);
    },
  };
}
