import { collectManifest, type MappingProfile } from '@tollkit/manifest';
import type { ParsedManifest } from './lib/manifest-types.js';
import type { ChannelProfile } from './ports.js';

/**
 * Parses a manifest's bytes with the channel's mapping profile (`@tollkit/manifest`), reading the
 * whole file (the pipeline stores every notification before sending any).
 *
 * @example
 * const parsed = await parseManifestFile(bytes, 'orders.csv', settings);
 */
export async function parseManifestFile(bytes: Buffer, fileName: string, settings: ChannelProfile): Promise<ParsedManifest> {
  const profile = settings.profile as MappingProfile;
  const { records, report } = await collectManifest({ bytes, fileName }, profile, {
    ...(settings.params !== undefined ? { params: settings.params } : {}),
    ...(settings.dateRebase !== undefined ? { dateRebase: settings.dateRebase } : {}),
  });
  return { mode: profile.mode, records, report };
}
