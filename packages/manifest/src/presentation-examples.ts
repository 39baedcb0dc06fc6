import { fileURLToPath } from 'node:url';

/** Bundled presentation examples (folders under `examples/` with a `kind: presentation` profile). */
export const PRESENTATION_EXAMPLE_NAMES = ['air-express-arrivals', 'postal-arrivals', 'ics2-arrivals'] as const;
export type PresentationExampleName = (typeof PRESENTATION_EXAMPLE_NAMES)[number];

/**
 * Paths of a bundled presentation example: its profile and its arrival file.
 *
 * @example
 * ```ts
 * const { profilePath, manifestPath } = examplePresentationPaths('postal-arrivals');
 * ```
 */
export function examplePresentationPaths(name: PresentationExampleName): { dir: string; profilePath: string; manifestPath: string } {
  const dir = fileURLToPath(new URL(`../examples/${name}/`, import.meta.url));
  return { dir, profilePath: `${dir}profile.yaml`, manifestPath: `${dir}${name === 'air-express-arrivals' ? 'arrived.xml' : 'arrived.csv'}` };
}

/** Bundled relation and arrival examples (`kind: relation` / `kind: arrival` profiles; their MRNs are placeholders). */
export const MESSAGE_EXAMPLE_NAMES = ['road-arrivals', 'road-relations'] as const;
export type MessageExampleName = (typeof MESSAGE_EXAMPLE_NAMES)[number];

/**
 * Paths of a bundled relation or arrival example: its profile and its file.
 *
 * @example
 * ```ts
 * const { profilePath, manifestPath } = exampleMessagePaths('road-arrivals');
 * ```
 */
export function exampleMessagePaths(name: MessageExampleName): { dir: string; profilePath: string; manifestPath: string } {
  const dir = fileURLToPath(new URL(`../examples/${name}/`, import.meta.url));
  return { dir, profilePath: `${dir}profile.yaml`, manifestPath: `${dir}${name === 'road-arrivals' ? 'arrivals.csv' : 'relations.csv'}` };
}
