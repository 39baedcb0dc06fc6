import { fileURLToPath } from 'node:url';

/** Names of the bundled example partners (folders under `examples/`). */
export const EXAMPLE_NAMES = ['road-forwarder-export', 'air-express-awb', 'postal-receptacles', 'voec-webshop', 'rail-wagons'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

/** Reference day of the example data: their arrival times lie on this day (see `dateRebase`). */
export const EXAMPLE_REFERENCE_DATE = '2030-01-15';

/**
 * Paths of a bundled example: its profile and its manifest file.
 *
 * @example
 * ```ts
 * const { profilePath, manifestPath } = examplePaths('road-forwarder-export');
 * ```
 */
export function examplePaths(name: ExampleName): { dir: string; profilePath: string; manifestPath: string } {
  const dir = fileURLToPath(new URL(`../examples/${name}/`, import.meta.url));
  const manifest = name === 'air-express-awb' ? 'manifest.xml' : 'manifest.csv';
  return { dir, profilePath: `${dir}profile.yaml`, manifestPath: `${dir}${manifest}` };
}
