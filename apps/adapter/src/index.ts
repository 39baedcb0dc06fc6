// Public API of @tollkit/adapter: store, intake channels, config, errors, pipeline, service, commands, carrier targets, CLI.

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
  maskinportenClientSchema,
  maskinportenKeySchema,
  type MaskinportenClientConfig,
  environmentSchema,
  hostKeyFingerprintSchema,
  httpSchema,
  serviceSchema,
  consoleSchema,
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
  type ResolvedChannelTarget,
} from './config/load-config.js';
export { maskinportenIdentity } from './config/maskinporten-identity.js';

// The pipeline (manifest → notifications → submit → poll → results; routing follower).
export * from './pipeline/index.js';
// The long-running service (`startService`, logger, ops HTTP server metrics).
export * from './service/index.js';
// The operator console on the ops port (src/console/README.md).
export * from './console/index.js';
// The functions behind the `tollkit` commands (run, convert, validate, status, replay, routing, doctor, demo).
export * from './commands/index.js';
// Carrier targets of a channel: Bring Customs API and Shipmondo (src/carrier/README.md).
export * from './carrier/index.js';
// The command line itself, for embedding (`main(argv, io)`).
export { main as runCli, EXIT, type CliIo, type Command } from './cli/main.js';
