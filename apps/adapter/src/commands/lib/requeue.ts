import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { AdapterConfig, ResolvedChannelConfig } from '../../config/load-config.js';
import { CommandNotFoundError, CommandRefusedError } from '../../errors.js';
import type { Channel } from '../../intake/channel.js';
import { parseProcessingName } from '../../intake/lib/claim-name.js';
import { createChannel } from '../../intake/create-channel.js';
import { createFileFilter } from '../../intake/lib/file-filter.js';
import type { JobStore, ManifestRecord, ResubmitMode } from '../../store/job-store.js';

/** What replay and resubmit work with: the loaded config and the open store. */
export interface CommandContext {
  readonly config: AdapterConfig;
  readonly store: JobStore;
  /** Who acts (an operator's name from the console, `cli` by default), recorded with resubmissions. */
  readonly actor?: string | undefined;
}

/** Names the adapter writes that are never manifests: error reports and result files. */
const REPORT = /(\.error(-[0-9a-f]{8})?\.(txt|json)|\.result-[0-9a-f]{8}\.[a-z]+)$/i;

/** The channel's config by name; a `CommandNotFoundError` listing the names otherwise. */
export function channelNamed(config: AdapterConfig, name: string): ResolvedChannelConfig {
  const channel = config.channels.find((c) => c.settings.name === name);
  if (channel === undefined) {
    throw new CommandNotFoundError(`no channel named "${name}" in ${config.file ?? 'the config'} (channels: ${config.channels.map((c) => c.settings.name).join(', ') || 'none'})`);
  }
  return channel;
}

/** The original name of a file in archive/ or failed/ (its claimed name without stamp and random part). */
export function originalNameOf(name: string): string {
  return parseProcessingName(name)?.originalName ?? name;
}

/**
 * Refuses what the channel would never take as a manifest: an error report or result file, or a
 * name its include/exclude patterns do not pass (it would sit in the inbox forever).
 */
export function assertManifestName(channel: ResolvedChannelConfig, originalName: string): void {
  if (REPORT.test(originalName)) {
    throw new CommandRefusedError(`${originalName} is an error report or result file the adapter wrote, not a manifest; replay the manifest itself`);
  }
  const s = channel.settings;
  const filter = createFileFilter({ include: s.include, exclude: s.exclude, doneSuffix: s.readiness.doneSuffix });
  if (!filter.isCandidate(originalName)) {
    throw new CommandRefusedError(
      `${originalName} is not a manifest of channel ${s.name}: its include/exclude patterns (include ${JSON.stringify(s.include)}, exclude ${JSON.stringify(s.exclude)}) do not take it, so it would stay in the inbox`,
    );
  }
}

/** `sha256:<hex>` of a local file, streamed. */
export async function hashLocalFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** Runs `fn` with a started channel (SFTP needs its connection), stopping it afterwards. Local channels are not watched. */
export async function withChannel<T>(channel: ResolvedChannelConfig, fn: (c: Channel) => Promise<T>): Promise<T> {
  const c = createChannel(channel);
  if (channel.kind === 'local') return fn(c);
  await c.start(() => undefined);
  try {
    return await fn(c);
  } finally {
    await c.stop();
  }
}

/** Where the file of a finished manifest lies: archive/ or failed/. */
export function folderOf(manifest: ManifestRecord): 'archive' | 'failed' {
  if (manifest.state === 'archived') return 'archive';
  if (manifest.state === 'failed') return 'failed';
  throw new CommandRefusedError(`manifest ${manifest.id} (${manifest.originalName}) is still ${manifest.state}; wait until it is archived or failed`);
}

/**
 * Moves a finished manifest's file back into its channel's inbox under its original name. With
 * `resubmit`, first records that the next receipt of that content is a new version (not a
 * duplicate) which sends again what `mode` says.
 */
export async function requeueManifest(
  ctx: CommandContext,
  manifest: ManifestRecord,
  resubmit: ResubmitMode | undefined,
): Promise<{ channel: string; from: string; inboxName: string }> {
  const channel = channelNamed(ctx.config, manifest.channel);
  assertManifestName(channel, manifest.originalName);
  const folder = folderOf(manifest);
  if (resubmit !== undefined) {
    await ctx.store.requestResubmission({
      channel: manifest.channel,
      originalName: manifest.originalName,
      contentHash: manifest.contentHash,
      mode: resubmit,
      ofManifestId: manifest.id,
      requestedBy: ctx.actor ?? 'cli',
    });
  }
  const moved = await withChannel(channel, (c) => c.requeue(folder, manifest.processingName, manifest.originalName));
  if (moved === 'missing') throw new CommandNotFoundError(`${folder}/${manifest.processingName} is not on channel ${manifest.channel} any more`);
  if (moved === 'exists') throw new CommandRefusedError(`the inbox of channel ${manifest.channel} already holds a file named ${manifest.originalName}; wait until it is taken`);
  return { channel: manifest.channel, from: `${folder}/${manifest.processingName}`, inboxName: manifest.originalName };
}
