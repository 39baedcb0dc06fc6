import { parseManifest, type MappingProfile } from '@tollkit/manifest';
import type { StreamedManifest } from './lib/manifest-types.js';
import { tagParseFailures, tagReadFailures } from './lib/stream-failures.js';
import type { ChannelProfile } from './ports.js';

/** Where a manifest's bytes come from: a byte stream (big files) or bytes already read. */
export type ManifestSource = { readonly stream: AsyncIterable<Uint8Array> } | { readonly bytes: Uint8Array };

/**
 * Parses a manifest while it is read, with the channel's mapping profile (`@tollkit/manifest`
 * `parseManifest`): records come out as they are mapped, nothing holds the whole file. A read
 * error of the stream surfaces from `records` as `PIPELINE_CHANNEL_READ_FAILED`, a parser error
 * as a `ManifestParseFailure` (see `lib/stream-failures.ts`).
 *
 * @example
 * const parsed = parseManifestStream({ stream: createReadStream(path) }, 'orders.csv', settings);
 * for await (const record of parsed.records) console.log(record.level, record.key);
 * const report = await parsed.report;
 */
export function parseManifestStream(source: ManifestSource, fileName: string, settings: ChannelProfile): StreamedManifest {
  const profile = settings.profile as MappingProfile;
  const input = 'stream' in source ? { stream: tagReadFailures(source.stream), fileName } : { bytes: source.bytes, fileName };
  const parsed = parseManifest(input, profile, {
    ...(settings.params !== undefined ? { params: settings.params } : {}),
    ...(settings.dateRebase !== undefined ? { dateRebase: settings.dateRebase } : {}),
  });
  return { mode: profile.mode, records: tagParseFailures(parsed.records), report: parsed.report };
}
