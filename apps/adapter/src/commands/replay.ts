import { copyFile, link, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ResolvedChannelConfig } from '../config/load-config.js';
import { CommandNotFoundError, CommandRefusedError } from '../errors.js';
import type { ManifestRecord } from '../store/job-store.js';
import {
  assertManifestName,
  channelNamed,
  hashLocalFile,
  originalNameOf,
  requeueManifest,
  withChannel,
  type CommandContext,
} from './lib/requeue.js';

/** What `replay` did. */
export interface ReplayResult {
  readonly channel: string;
  /** Where the file came from: `archive/<name>`, `failed/<name>`, or a path outside the channel (copied). */
  readonly from: string;
  /** The name it got in the inbox (its original name). */
  readonly name: string;
  /** `moved` out of archive/ or failed/; `copied` from elsewhere (the operator's own copy stays). */
  readonly action: 'moved' | 'copied';
  /** The manifest the file was processed as before, when the store knows it. */
  readonly manifestId: string | null;
  /** An archived file is taken as a new version (a resubmission): its rejected/invalid rows are sent again. */
  readonly resubmission: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isInside(path: string, folder: string): boolean {
  return dirname(path) === resolve(folder);
}

/**
 * `tollkit replay <file|name|manifest id> [--channel <name>]` and the console's replay action:
 * MOVES a manifest from its channel's `failed/` or `archive/` back into the inbox under its original
 * name, so the service processes it again — on local and SFTP channels alike (on SFTP, name the
 * file as it is called in `failed/`/`archive/` on the server, or give its manifest id). Refuses
 * what is not a manifest of that channel (an error report, a result file, a name its include
 * patterns do not take) and never replaces a file already in the inbox. An archived file is
 * recorded as a resubmission, so the same content is processed again (rejected and invalid rows
 * sent again, accepted ones left alone) instead of being dropped as a duplicate. A local file
 * outside the channel's folders (a fixed copy) is copied in.
 *
 * @example
 * await replayFile({ config, store }, '/srv/acme/failed/20300115T101500Z-1a2b3c4d-orders.csv');
 * await replayFile({ config, store }, '20300115T101500Z-1a2b3c4d-orders.csv', { channel: 'nordic-sftp' });
 */
export async function replayFile(ctx: CommandContext, file: string, options: { readonly channel?: string | undefined } = {}): Promise<ReplayResult> {
  const path = resolve(file);
  const local = await stat(path).then((s) => s.isFile(), () => false);
  if (local) return replayLocalPath(ctx, path, options.channel);
  // A manifest id, or a name in failed/ or archive/ (the way to name files on an SFTP server).
  const ref = file.trim();
  let manifest: ManifestRecord | undefined;
  if (UUID.test(ref)) manifest = await ctx.store.getManifest(ref.toLowerCase());
  else {
    const found = await ctx.store.findManifests({ processingName: basename(ref), ...(options.channel === undefined ? {} : { channel: options.channel }), limit: 2 });
    manifest = found.length === 1 ? found[0] : undefined;
  }
  if (manifest !== undefined) {
    if (options.channel !== undefined && manifest.channel !== options.channel) {
      throw new CommandRefusedError(`${ref} belongs to channel ${manifest.channel}, not ${options.channel}`);
    }
    const resubmission = manifest.state === 'archived';
    const moved = await requeueManifest(ctx, manifest, resubmission ? 'rejected' : undefined);
    return { channel: moved.channel, from: moved.from, name: moved.inboxName, action: 'moved', manifestId: manifest.id, resubmission };
  }
  if (options.channel === undefined) {
    throw new CommandNotFoundError(`${ref} is neither a file here nor a manifest the store knows; give --channel <name> to look for it in that channel's failed/ and archive/`);
  }
  // A file the store never recorded (e.g. refused by name): look in failed/, then archive/.
  const channel = channelNamed(ctx.config, options.channel);
  const name = basename(ref);
  const originalName = originalNameOf(name);
  assertManifestName(channel, originalName);
  for (const folder of ['failed', 'archive'] as const) {
    const moved = await withChannel(channel, (c) => c.requeue(folder, name, originalName));
    if (moved === 'exists') throw new CommandRefusedError(`the inbox of channel ${channel.settings.name} already holds a file named ${originalName}; wait until it is taken`);
    if (moved === 'moved') return { channel: channel.settings.name, from: `${folder}/${name}`, name: originalName, action: 'moved', manifestId: null, resubmission: false };
  }
  throw new CommandNotFoundError(`${name} is in neither failed/ nor archive/ of channel ${channel.settings.name}`);
}

async function replayLocalPath(ctx: CommandContext, path: string, channelName: string | undefined): Promise<ReplayResult> {
  const locals = ctx.config.channels.filter((c) => c.kind === 'local');
  const channel: ResolvedChannelConfig | undefined =
    channelName !== undefined
      ? channelNamed(ctx.config, channelName)
      : (locals.find((c) => path.startsWith(`${resolve(c.settings.root)}/`)) ?? (locals.length === 1 ? locals[0] : undefined));
  if (channel === undefined) throw new CommandRefusedError(`cannot tell which channel ${path} belongs to; give --channel <name>`);
  const name = basename(path);
  const originalName = originalNameOf(name);
  assertManifestName(channel, originalName);
  const root = channel.settings.root;
  const folder = channel.kind !== 'local' ? undefined : isInside(path, join(root, channel.settings.folders.failed)) ? 'failed' : isInside(path, join(root, channel.settings.folders.archive)) ? 'archive' : undefined;
  const [known] = folder === undefined ? [] : await ctx.store.findManifests({ channel: channel.settings.name, processingName: name, limit: 1 });
  if (folder !== undefined) {
    // The same content as an archived manifest would be a duplicate: record it as a resubmission.
    const resubmission = known?.state === 'archived';
    if (resubmission && known !== undefined) {
      await ctx.store.requestResubmission({ channel: known.channel, originalName, contentHash: await hashLocalFile(path), mode: 'rejected', ofManifestId: known.id, requestedBy: ctx.actor ?? 'cli' });
    }
    const moved = await withChannel(channel, (c) => c.requeue(folder, name, originalName));
    if (moved === 'exists') throw new CommandRefusedError(`the inbox of channel ${channel.settings.name} already holds a file named ${originalName}; wait until it is taken`);
    if (moved === 'missing') throw new CommandNotFoundError(`${path} disappeared`);
    return { channel: channel.settings.name, from: `${folder}/${name}`, name: originalName, action: 'moved', manifestId: known?.id ?? null, resubmission };
  }
  if (channel.kind !== 'local') {
    throw new CommandRefusedError(`${path} is a local file and channel ${channel.settings.name} is on an SFTP server: upload it into the inbox there, or replay a file from its failed/ or archive/ by name`);
  }
  // A fixed copy from elsewhere: copied in under a temporary name, then linked (never replacing).
  const inbox = join(root, channel.settings.folders.inbox);
  await mkdir(inbox, { recursive: true });
  const temporary = join(inbox, `.${originalName}.replay.tmp`);
  await copyFile(path, temporary);
  try {
    await link(temporary, join(inbox, originalName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new CommandRefusedError(`the inbox of channel ${channel.settings.name} already holds a file named ${originalName}; wait until it is taken`);
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  if (channel.settings.readiness.mode === 'done-marker') await writeFile(join(inbox, `${originalName}${channel.settings.readiness.doneSuffix}`), '');
  return { channel: channel.settings.name, from: path, name: originalName, action: 'copied', manifestId: null, resubmission: false };
}
