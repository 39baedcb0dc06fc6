import type { ChannelSettings, ReadinessSettings } from '../../src/intake/channel.js';

/** Channel settings for tests: short stability window, quick polling. */
export function testChannelSettings(
  name: string,
  root: string,
  overrides: Partial<Omit<ChannelSettings, 'readiness'>> & { readiness?: Partial<ReadinessSettings> } = {},
): ChannelSettings {
  const { readiness, ...rest } = overrides;
  return {
    name,
    root,
    folders: { inbox: 'inbox', processing: 'processing', archive: 'archive', failed: 'failed', outbox: 'outbox' },
    include: ['*'],
    exclude: [],
    pollIntervalMs: 200,
    maxFileBytes: 10_000_000,
    ...rest,
    readiness: { mode: 'stable', stableForMs: 300, doneSuffix: '.done', ...readiness },
  };
}
