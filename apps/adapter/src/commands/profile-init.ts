import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inferMappingProfile, type InferredProfile } from '@tollkit/manifest';
import type { TransportMode } from '@tollkit/codesets';
import { validateManifest, type ValidateResult } from './convert.js';

/** Options of {@link initProfile}. */
export interface InitProfileOptions {
  /** The sample manifest. */
  readonly sample: string;
  /** Where to write the draft profile (`.yaml`). */
  readonly out: string;
  readonly mode?: TransportMode | undefined;
  readonly name?: string | undefined;
  /** Overwrite an existing file at `out`. */
  readonly force?: boolean | undefined;
  readonly now?: (() => number) | undefined;
}

/** What `tollkit profile init` did: the draft it wrote and what `validate` says about the sample with it. */
export interface InitProfileResult {
  readonly out: string;
  readonly inferred: InferredProfile;
  readonly validation: ValidateResult;
}

/**
 * `tollkit profile init <sample> --out <profile.yaml>`: infers a draft mapping profile from a sample
 * manifest (`@tollkit/manifest` inferMappingProfile), writes it (refusing to overwrite unless
 * `force`), then validates the sample with it, so the next step is to read the problems.
 *
 * @example
 * const { validation } = await initProfile({ sample: 'acme.csv', out: 'acme.yaml' });
 */
export async function initProfile(options: InitProfileOptions): Promise<InitProfileResult> {
  if (!/\.ya?ml$/iu.test(options.out)) throw new TypeError(`profile init writes YAML: --out must end in .yaml or .yml (got "${options.out}")`);
  if (existsSync(options.out) && options.force !== true) throw new TypeError(`${options.out} exists; pass --force to overwrite it`);
  const bytes = await readFile(options.sample);
  const { inferred, params } = draftProfile(bytes, basename(options.sample), options);
  await writeFile(options.out, inferred.yaml, { flag: options.force === true ? 'w' : 'wx' });
  const validation = await validateManifest({ file: options.sample, profile: options.out, params, now: options.now });
  return { out: options.out, inferred, validation };
}

/**
 * The draft profile `profile init` proposes for a sample (`@tollkit/manifest` inferMappingProfile),
 * and the params to validate it with: a draft without a carrier column takes the carrier id as a
 * parameter, tried with a visible placeholder. Writes nothing (the console's workbench shows the draft).
 *
 * @example
 * const { inferred, params } = draftProfile(await readFile('acme.csv'), 'acme.csv');
 */
export function draftProfile(
  bytes: Uint8Array,
  fileName: string,
  options: { readonly mode?: TransportMode | undefined; readonly name?: string | undefined } = {},
): { inferred: InferredProfile; params: Record<string, string> | undefined } {
  const inferred = inferMappingProfile(
    { bytes, fileName },
    { ...(options.mode === undefined ? {} : { mode: options.mode }), ...(options.name === undefined ? {} : { name: options.name }) },
  );
  const params = inferred.fields.some((f) => f.spec['param'] === 'carrierId') ? { carrierId: 'NO000000000' } : undefined;
  return { inferred, params };
}

/** The text `tollkit profile init` prints: how the file was read, what was not mapped, then the validation. */
export function formatInitProfile(result: InitProfileResult, formatValidation: (v: ValidateResult) => string): string {
  const { inferred } = result;
  const mapped = inferred.fields.filter((f) => f.source !== undefined).length;
  return [
    `wrote ${result.out}: ${mapped} fields mapped from the file, ${inferred.fields.length - mapped} constants, ${inferred.unmapped.length} mandatory fields not mapped (marked "MANDATORY" in the file)`,
    ...inferred.notes.map((n) => `  ${n}`),
    ...inferred.unmapped.map((u) => `  not mapped (${u.section}): ${u.target}`),
    '',
    'validate on the sample with the draft:',
    formatValidation(result.validation),
  ].join('\n');
}
