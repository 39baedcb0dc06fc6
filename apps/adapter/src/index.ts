// Public API of @tollkit/adapter (foundations: store, intake channels, config, errors).

export * from './errors.js';

export type * from './store/job-store.js';
export {
  manifestStates,
  notificationStates,
  terminalManifestStates,
  settledNotificationStates,
  canTransitionManifest,
  canTransitionNotification,
  type ManifestState,
  type NotificationState,
  type NotificationOperation,
} from './store/states.js';
export { openJobStore, type JobStoreOptions, type OpenedJobStore } from './store/open-job-store.js';
export { migrations, latestSchemaVersion, type Migration, type MigrationReport } from './store/migrations.js';
export { notificationKey } from './store/lib/sql-job-store.js';

export type * from './intake/channel.js';
export { createLocalChannel, type LocalChannelSettings } from './intake/local-channel.js';
export { createSftpChannel, type SftpChannelSettings, type SftpConnectionSettings } from './intake/sftp-channel.js';
export { createChannel } from './intake/create-channel.js';
export { takeReadyFiles, type TakeResult } from './intake/take-ready-files.js';
export { hostKeyFingerprint } from './intake/lib/host-key.js';
export { sftpPoolStats, type SftpPoolStats } from './intake/lib/sftp-pool.js';

export {
  adapterConfigFileSchema,
  channelSchema,
  localChannelSchema,
  sftpChannelSchema,
  storeSchema,
  maskinportenSchema,
  environmentSchema,
  hostKeyFingerprintSchema,
  type AdapterConfigFile,
  type ChannelConfigFile,
  type Environment,
} from './config/config-schema.js';
export {
  loadConfig,
  type AdapterConfig,
  type LoadConfigOptions,
  type ResolvedChannelConfig,
  type ResolvedMaskinporten,
} from './config/load-config.js';
