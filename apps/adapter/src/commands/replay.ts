import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { AdapterConfig } from '../config/load-config.js';

/** What `replay` did. */
export interface ReplayResult {
  readonly channel: string;
  /** Where the file was put (the channel's inbox). */
  readonly inboxPath: string;
  readonly name: string;
}

/**
 * `tollkit replay <file> [--channel <name>]`: puts a manifest back into a local channel's inbox
 * (temporary name, then rename) so the running service processes it again — typically a file from
 * `failed/` after the partner or the profile was fixed. The store decides what happens: content that
 * failed before is processed anew; a changed file updates only the changed notifications; the very
 * same content as the last processed version is a no-op. Claimed names (`<stamp>-<random>-<name>`)
 * get their original name back. SFTP channels: copy the file into the inbox on the server instead.
 *
 * @example
 * await replayFile(config, '/srv/acme/failed/20300115T101500Z-1a2b3c4d-orders.csv');
 */
export async function replayFile(config: AdapterConfig, file: string, options: { channel?: string } = {}): Promise<ReplayResult> {
  const path = resolve(file);
  const found = await stat(path).catch(() => undefined);
  if (found === undefined || !found.isFile()) throw new TypeError(`replay: ${path} is not a file`);
  const local = config.channels.filter((c) => c.kind === 'local');
  const channel =
    options.channel !== undefined
      ? config.channels.find((c) => c.settings.name === options.channel)
      : local.find((c) => path.startsWith(`${resolve(c.settings.root)}/`)) ?? (local.length === 1 ? local[0] : undefined);
  if (channel === undefined) {
    throw new TypeError(
      options.channel !== undefined
        ? `replay: no channel named "${options.channel}" in ${config.file}`
        : `replay: cannot tell which channel ${path} belongs to; give --channel <name>`,
    );
  }
  if (channel.kind !== 'local') {
    throw new TypeError(`replay: channel ${channel.settings.name} is an SFTP channel; upload the file into its inbox on the server`);
  }
  const name = basename(path).replace(/^\d{8}T\d{6}Z-[0-9a-f]{8}-/, '');
  const inbox = join(channel.settings.root, channel.settings.folders.inbox);
  await mkdir(inbox, { recursive: true });
  const temporary = join(inbox, `.${name}.replay.tmp`);
  await copyFile(path, temporary);
  await rename(temporary, join(inbox, name));
  return { channel: channel.settings.name, inboxPath: join(inbox, name), name };
}
