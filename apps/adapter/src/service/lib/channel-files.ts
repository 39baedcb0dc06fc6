import type { Channel, ClaimedFile } from '../../intake/channel.js';
import type { ClaimedRef, PipelineChannel } from '../../pipeline/ports.js';

function claimedFile(channel: Channel, file: ClaimedRef): ClaimedFile {
  return { channel: channel.name, originalName: file.originalName, processingName: file.processingName, claimedAt: 0 };
}

/** Whether the file is still in `processing/`. */
async function stillProcessing(channel: Channel, processingName: string): Promise<boolean> {
  const listed = await channel.listProcessing();
  return listed.some((f) => f.processingName === processingName);
}

/**
 * The pipeline's view of an intake channel. Moves are made idempotent: when a move fails because
 * the file is no longer in `processing/` (it was moved before a crash), that counts as done.
 */
export function channelFiles(channel: Channel): PipelineChannel {
  return {
    name: channel.name,
    async readProcessing(file) {
      return (await channel.read(claimedFile(channel, file))).bytes;
    },
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
