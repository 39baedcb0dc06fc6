import type { ResolvedChannelConfig } from '../config/load-config.js';
import type { Channel } from './channel.js';
import { createLocalChannel } from './local-channel.js';
import { createSftpChannel } from './sftp-channel.js';

/**
 * Builds the channel a config entry describes.
 *
 * @example
 * ```ts
 * const channels = loadConfig(file).channels.map(createChannel);
 * ```
 */
export function createChannel(config: ResolvedChannelConfig): Channel {
  return config.kind === 'local' ? createLocalChannel(config.settings) : createSftpChannel(config.settings);
}
