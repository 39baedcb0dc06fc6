import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ProfileInvalidError, ProfileUnreadableError, type ProfileIssue } from './errors.js';
import { mappingProfileSchema, type MappingProfile } from './mapping-profile-schema.js';

interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly errors?: readonly (readonly ZodIssueLike[])[];
  readonly issues?: readonly ZodIssueLike[];
}

/**
 * A field is "a column name, or a field spec object": when neither matches, zod reports one
 * vague union issue. Report the issues of the branch the author evidently meant instead (the
 * object form when an object was written).
 */
export function flattenIssues(issues: readonly ZodIssueLike[], prefix: readonly PropertyKey[]): ProfileIssue[] {
  const out: ProfileIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors !== undefined && issue.errors.length > 0) {
      const branch = [...issue.errors].sort((a, b) => deepest(b) - deepest(a))[0] ?? [];
      if (branch.length > 0 && deepest(branch) > 0) {
        out.push(...flattenIssues(branch, path));
        continue;
      }
    }
    if (issue.code === 'invalid_key' && issue.issues !== undefined && issue.issues.length > 0) {
      out.push({ path: path.map(String).join('.'), message: `invalid field name: ${issue.issues.map((i) => i.message).join('; ')}` });
      continue;
    }
    out.push({ path: path.map(String).join('.'), message: issue.message });
  }
  return out;
}

function deepest(issues: readonly ZodIssueLike[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length + (i.code === 'unrecognized_keys' || i.code === 'custom' ? 1 : 0)));
}

/**
 * Parses and validates a mapping profile from JSON or YAML text. Throws
 * `MANIFEST_PROFILE_UNREADABLE` for bad syntax and `MANIFEST_PROFILE_INVALID` (with one issue per
 * problem, each naming the dotted path in the profile) when it does not match the schema.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
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
    const issues = flattenIssues(result.error.issues, []);
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
