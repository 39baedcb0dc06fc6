import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ProfileInvalidError, ProfileUnreadableError, type ProfileIssue } from './errors.js';
import { mappingProfileSchema, type MappingProfile } from './mapping-profile-schema.js';

/**
 * Parses and validates a mapping profile from JSON or YAML text. Throws
 * `MANIFEST_PROFILE_UNREADABLE` for bad syntax and `MANIFEST_PROFILE_INVALID` (with one issue per
 * problem, each naming the dotted path in the profile) when it does not match the schema.
 *
 * @example
 * ```ts
 * const profile = loadMappingProfile(await readFile('partners/acme.yaml', 'utf8'), 'yaml');
 * ```
 */
export function loadMappingProfile(text: string, format: 'json' | 'yaml'): MappingProfile {
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, maxAliasCount: 100 });
  } catch (error) {
    throw new ProfileUnreadableError(format, (error as Error).message, { cause: error });
  }
  const result = mappingProfileSchema.safeParse(data);
  if (!result.success) {
    const issues: ProfileIssue[] = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    const name = typeof data === 'object' && data !== null && 'name' in data ? String((data as { name: unknown }).name) : undefined;
    throw new ProfileInvalidError(issues, name);
  }
  return result.data;
}

/**
 * Reads a mapping profile from a file; the format follows the extension (`.json`, `.yaml`, `.yml`).
 *
 * @example
 * ```ts
 * const profile = await readMappingProfile('/etc/tollkit/partners/acme.yaml');
 * ```
 */
export async function readMappingProfile(path: string): Promise<MappingProfile> {
  const format = /\.json$/iu.test(path) ? 'json' : /\.ya?ml$/iu.test(path) ? 'yaml' : undefined;
  if (format === undefined) throw new TypeError(`readMappingProfile: "${path}" must end in .json, .yaml or .yml`);
  return loadMappingProfile(await readFile(path, 'utf8'), format);
}
