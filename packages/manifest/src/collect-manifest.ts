import type { MappingProfile } from './mapping-profile-schema.js';
import { parseManifest, type ManifestInput, type ParseManifestOptions } from './parse-manifest.js';
import type { FileReport, MappedRecord } from './types.js';

/**
 * Reads a whole manifest into memory: all records plus the report. Convenient for small files,
 * tools and tests; use {@link parseManifest} to stream big files.
 *
 * @example
 * ```ts
 * declare const bytes: Uint8Array;
 * declare const profile: MappingProfile;
 * const { records, report } = await collectManifest({ bytes, fileName: 'awb.xml' }, profile);
 * ```
 */
export async function collectManifest(
  input: ManifestInput,
  profile: MappingProfile,
  options: ParseManifestOptions = {},
): Promise<{ records: MappedRecord[]; report: FileReport }> {
  const parsed = parseManifest(input, profile, options);
  const records: MappedRecord[] = [];
  for await (const record of parsed.records) records.push(record);
  return { records, report: await parsed.report };
}
