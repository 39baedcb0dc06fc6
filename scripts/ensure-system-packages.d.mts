/** Types of scripts/ensure-system-packages.mjs (for the tests in tooling/). */
export interface Requirement { readonly pkg: string; readonly files: readonly string[] }
export type Decision =
  | { action: 'none' }
  | { action: 'install'; packages: string[] }
  | { action: 'fail'; packages: string[]; message: string };
export declare const REQUIREMENTS: readonly Requirement[];
export declare function decide(probe: { exists: (file: string) => boolean; isRoot: boolean; hasAptGet: boolean }): Decision;
