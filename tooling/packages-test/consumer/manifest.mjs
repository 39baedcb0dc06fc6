// Consumer check: parse a bundled example manifest with its mapping profile, from the installed package.
import { readFile } from 'node:fs/promises';
import { collectManifest, examplePaths, loadMappingProfile } from '@tollkit/manifest';
import { validateDraft } from '@tollkit/messages';

const { profilePath, manifestPath } = examplePaths('road-forwarder-export');
const profile = loadMappingProfile(await readFile(profilePath, 'utf8'), 'yaml');
const { records, report } = await collectManifest({ bytes: await readFile(manifestPath), fileName: 'manifest.csv' }, profile);
const houses = records.filter((r) => r.ok && r.level === 'house-consignment');
const invalid = records.filter((r) => r.ok && !validateDraft(r.level, r.draft, profile.mode).ok);
console.log(JSON.stringify({ profile: profile.name, encoding: report.encoding.name, rows: report.rowsRead, houses: houses.length, errors: report.errorCount, invalidDrafts: invalid.length, ok: report.ok }));
