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
