import { readFile } from 'node:fs/promises';
import { examplePaths, loadMappingProfile, type MappingProfile } from '@tollkit/manifest';

/** The example partners' profiles by input format: CSV → road-forwarder-export, XML → air-express-awb. */
export async function loadExampleProfiles(): Promise<Record<'csv' | 'xml', MappingProfile>> {
  const load = async (name: 'road-forwarder-export' | 'air-express-awb') => loadMappingProfile(await readFile(examplePaths(name).profilePath, 'utf8'), 'yaml');
  return { csv: await load('road-forwarder-export'), xml: await load('air-express-awb') };
}

/** Profile file paths by input format. */
export function exampleProfilePaths(): Record<'csv' | 'xml', string> {
  return { csv: examplePaths('road-forwarder-export').profilePath, xml: examplePaths('air-express-awb').profilePath };
}
