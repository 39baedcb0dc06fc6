/** Transport modes (the same union as `@tollkit/codesets`). */
export type TransportMode = 'road' | 'air' | 'rail' | 'maritime';
/** MO message levels = URL segments. */
export type NotificationLevel = 'transport' | 'master-consignment' | 'house-consignment';
/** `national` = Norwegian businesses (`toll:…`), `foreign` = eSeal clients (`toll:eu/…`). */
export type ScopeFamily = 'national' | 'foreign';

export const TRANSPORT_MODES: readonly TransportMode[] = ['road', 'air', 'rail', 'maritime'];
export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['transport', 'master-consignment', 'house-consignment'];

const MODE_PATHS: Record<TransportMode, { submit: string; query: string; scope: string }> = {
  road: { submit: '/api/movement/road/v2', query: '/api/movement/road/status/v2', scope: 'movement/road/v2' },
  air: { submit: '/api/movement/air/v1', query: '/api/movement/air/status/v1', scope: 'movement/air' },
  rail: { submit: '/api/movement/rail/v1', query: '/api/movement/rail/status/v1', scope: 'movement/rail' },
  maritime: { submit: '/api/movement/maritime/v1', query: '/api/movement/maritime/status/v1', scope: 'movement/maritime' },
};

/** Base paths of the non-MO APIs (docs/digitoll.md §4.2–§4.5). */
export const API_PATHS = {
  presentation: '/api/movement/presentation/v1',
  routing: '/api/movement/routing/v1',
  arrival: '/api/movement/arrival/v1',
  document: '/api/goodsdeclaration/document/v2',
} as const;

/**
 * Submit base path of a mode, e.g. `/api/movement/road/v2`.
 *
 * @example
 * ```ts
 * submitBase('road'); // '/api/movement/road/v2'
 * ```
 */
export function submitBase(mode: TransportMode): string {
  return modePaths(mode).submit;
}

/**
 * Query base path of a mode, e.g. `/api/movement/road/status/v2`.
 *
 * @example
 * ```ts
 * queryBase('air'); // '/api/movement/air/status/v1'
 * ```
 */
export function queryBase(mode: TransportMode): string {
  return modePaths(mode).query;
}

/**
 * The scope an API needs (docs/digitoll.md §3). `entry` = presentation and routing; `document` = document upload.
 * Entry status uses the mode's scope, not `entry`.
 *
 * @example
 * scopeFor('road') // 'toll:movement/road/v2'
 * scopeFor('entry', 'foreign') // 'toll:eu/movement/entry'
 */
export function scopeFor(api: TransportMode | 'entry' | 'document', family: ScopeFamily = 'national'): string {
  const prefix = family === 'foreign' ? 'toll:eu/' : 'toll:';
  if (api === 'entry') return `${prefix}movement/entry`;
  if (api === 'document') return `${prefix}goodsdeclaration/document.write`;
  return `${prefix}${modePaths(api).scope}`;
}

function modePaths(mode: TransportMode) {
  const paths = MODE_PATHS[mode];
  if (paths === undefined) throw new TypeError(`mode must be one of road, air, rail, maritime; got ${JSON.stringify(mode)}`);
  return paths;
}

/** Throws a TypeError unless `level` is a notification level. */
export function checkLevel(level: NotificationLevel): NotificationLevel {
  if (!NOTIFICATION_LEVELS.includes(level)) {
    throw new TypeError(`level must be one of transport, master-consignment, house-consignment; got ${JSON.stringify(level)}`);
  }
  return level;
}

/** Encodes one path segment (MRN, requestId, receptacle id). */
export function segment(value: string, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`${name} must be a non-empty string`);
  return encodeURIComponent(value);
}
