import { ParamUnknownError } from './errors.js';
import type { MappingProfile } from './mapping-profile-schema.js';
import { nearestNames } from './lib/nearest.js';

/**
 * The parameter names a profile takes (fields written `{ param: name }`), sorted.
 *
 * @example
 * declare const profile: MappingProfile; // with a field `{ param: eta }`
 * profileParams(profile); // ['eta']
 */
export function profileParams(profile: MappingProfile): string[] {
  const names = new Set<string>();
  for (const section of [profile.transport, profile.master, profile.house, profile.goodsItem]) {
    for (const field of Object.values(section?.fields ?? {})) if (typeof field === 'object' && field.param !== undefined) names.add(field.param);
  }
  return [...names].sort();
}

/**
 * Refuses parameters the profile does not take, so a typo (`--param eat=…`) is not silently
 * ignored. Throws `MANIFEST_PARAM_UNKNOWN` (config) naming the profile's parameters.
 *
 * @example
 * declare const profile: MappingProfile;
 * checkParams(profile, { eta: '15.01.2030 14:30' }); // throws ParamUnknownError for a name the profile does not take
 */
export function checkParams(profile: MappingProfile, params: Readonly<Record<string, string>>): void {
  const known = profileParams(profile);
  const unknown = Object.keys(params).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const hints = unknown.map((u) => nearestNames(u, known, 1)[0]).filter((h): h is string => h !== undefined);
  const error = new ParamUnknownError(unknown, known, profile.name);
  if (hints.length > 0) error.message += ` (did you mean ${hints.map((h) => JSON.stringify(h)).join(', ')}?)`;
  throw error;
}
