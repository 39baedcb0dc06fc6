import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { ProfileInvalidError, ProfileUnreadableError } from './errors.js';
import { flattenIssues, loadMappingProfile } from './load-mapping-profile.js';
import type { MappingProfile } from './mapping-profile-schema.js';
import { presentationProfileSchema, type PresentationProfile } from './presentation-profile-schema.js';
import { arrivalProfileSchema, relationProfileSchema, type ArrivalProfile, type RelationProfile } from './relation-arrival-profile-schema.js';

/**
 * Any kind of partner profile: notifications (the default), presentations (`kind: presentation`),
 * representation relations (`kind: relation`) or arrivals (`kind: arrival`).
 */
export type PartnerProfile = MappingProfile | PresentationProfile | RelationProfile | ArrivalProfile;

/**
 * Whether a loaded profile is a relation or an arrival profile.
 *
 * @example
 * ```ts
 * declare const text: string; // a profile's YAML
 * const profile = loadPartnerProfile(text, 'yaml');
 * if (isRelationOrArrivalProfile(profile)) console.log(profile.kind, profile.name);
 * ```
 */
export function isRelationOrArrivalProfile(profile: unknown): profile is RelationProfile | ArrivalProfile {
  const kind = typeof profile === 'object' && profile !== null ? (profile as { kind?: unknown }).kind : undefined;
  return kind === 'relation' || kind === 'arrival';
}

/**
 * Whether a loaded profile is a presentation profile.
 *
 * @example
 * ```ts
 * declare const text: string; // a profile's YAML
 * const profile = loadPartnerProfile(text, 'yaml');
 * if (isPresentationProfile(profile)) console.log('presents', profile.name);
 * ```
 */
export function isPresentationProfile(profile: unknown): profile is PresentationProfile {
  return typeof profile === 'object' && profile !== null && (profile as { kind?: unknown }).kind === 'presentation';
}

/**
 * Parses and validates a presentation profile from JSON or YAML text; throws
 * `MANIFEST_PROFILE_UNREADABLE` / `MANIFEST_PROFILE_INVALID` (each issue with its dotted path) like
 * {@link loadMappingProfile}.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const profile = loadPresentationProfile(await readFile('arrivals.yaml', 'utf8'), 'yaml');
 * ```
 */
export function loadPresentationProfile(text: string, format: 'json' | 'yaml'): PresentationProfile {
  return validatePresentationProfile(parseText(text, format));
}

function parseText(text: string, format: 'json' | 'yaml'): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, maxAliasCount: 100 });
  } catch (error) {
    throw new ProfileUnreadableError(format, (error as Error).message, { cause: error });
  }
}

function validatePresentationProfile(data: unknown): PresentationProfile {
  return validateWith(presentationProfileSchema, data);
}

function validateWith<T>(schema: { safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: Parameters<typeof flattenIssues>[0] } } }, data: unknown): T {
  const result = schema.safeParse(data);
  if (!result.success) {
    const name = typeof data === 'object' && data !== null && 'name' in data ? String((data as { name: unknown }).name) : undefined;
    throw new ProfileInvalidError(flattenIssues(result.error.issues, []), name);
  }
  return result.data;
}

/**
 * Loads a notification, presentation, relation or arrival profile, as its `kind` says.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * const profile = loadPartnerProfile(await readFile('partner.yaml', 'utf8'), 'yaml');
 * ```
 */
export function loadPartnerProfile(text: string, format: 'json' | 'yaml'): PartnerProfile {
  const data = parseText(text, format);
  if (isPresentationProfile(data)) return validatePresentationProfile(data);
  const kind = typeof data === 'object' && data !== null ? (data as { kind?: unknown }).kind : undefined;
  if (kind === 'relation') return validateWith(relationProfileSchema, data);
  if (kind === 'arrival') return validateWith(arrivalProfileSchema, data);
  return loadMappingProfile(text, format);
}

/**
 * Reads any kind of profile from a file (`.json`, `.yaml`, `.yml`).
 *
 * @example
 * ```ts
 * const profile = await readPartnerProfile('partners/acme-arrivals.yaml');
 * if (isPresentationProfile(profile)) console.log(Object.keys(profile.presentation.fields));
 * ```
 */
export async function readPartnerProfile(path: string): Promise<PartnerProfile> {
  const format = /\.json$/iu.test(path) ? 'json' : /\.ya?ml$/iu.test(path) ? 'yaml' : undefined;
  if (format === undefined) throw new TypeError(`readPartnerProfile: "${path}" must end in .json, .yaml or .yml`);
  return loadPartnerProfile(await readFile(path, 'utf8'), format);
}
