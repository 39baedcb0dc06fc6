import { statSync } from 'node:fs';
import type { ConvertOptions } from '../../commands/convert.js';
import { cliPath, profileArgument } from './adapter-config.js';
import { UsageError, type CliIo } from './io.js';

/** Options `convert` and `validate` share. */
export const MANIFEST_OPTIONS = {
  profile: { type: 'string', short: 'p' },
  param: { type: 'string', multiple: true },
  'date-rebase': { type: 'string' },
} as const;

export const MANIFEST_OPTIONS_USAGE = `  --profile <p>        mapping profile: a file, or a bundled example (road-forwarder-export, air-express-awb,
                       postal-receptacles, voec-webshop, rail-wagons)
  --param <k=v>        value for a profile field that takes a param (repeatable)
  --date-rebase <a:b>  move every date by whole days from yyyy-MM-dd a to b (e.g. to try an old file)`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Turns the parsed `convert`/`validate` command line into {@link ConvertOptions}. */
export function manifestOptions(
  io: CliIo,
  values: { profile?: string | undefined; param?: string[] | undefined; 'date-rebase'?: string | undefined },
  positionals: readonly string[],
): ConvertOptions {
  if (values.profile === undefined) throw new UsageError('--profile is required (a profile file or a bundled example name)');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the manifest file is missing' : `unexpected argument "${positionals[1]}"`);
  const params: Record<string, string> = {};
  for (const p of values.param ?? []) {
    const at = p.indexOf('=');
    if (at <= 0) throw new UsageError(`--param must look like name=value; got "${p}"`);
    params[p.slice(0, at)] = p.slice(at + 1);
  }
  let dateRebase: ConvertOptions['dateRebase'];
  if (values['date-rebase'] !== undefined) {
    const [from, to, ...rest] = values['date-rebase'].split(':');
    if (from === undefined || to === undefined || rest.length > 0 || !DAY.test(from) || !DAY.test(to)) {
      throw new UsageError(`--date-rebase must look like 2030-01-15:2030-02-01; got "${values['date-rebase']}"`);
    }
    dateRebase = { from, to };
  }
  const file = cliPath(io, positionals[0]!);
  if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new UsageError(`the manifest file ${file} does not exist or is not a file`);
  return {
    file,
    profile: profileArgument(io, values.profile),
    ...(Object.keys(params).length > 0 ? { params } : {}),
    ...(dateRebase !== undefined ? { dateRebase } : {}),
  };
}
