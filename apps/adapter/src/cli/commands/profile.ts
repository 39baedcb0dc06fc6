import { formatInitProfile, initProfile } from '../../commands/profile-init.js';
import { formatValidation } from '../../commands/convert.js';
import { cliPath } from '../lib/adapter-config.js';
import { COMMON_OPTIONS, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit profile init <sample> --out <profile.yaml> [--mode road|air|rail|maritime] [--name <name>] [--force] [--json]

Drafts a mapping profile from a sample manifest: detects the encoding, delimiter and header row (or
the XML record element), the number and date formats, and proposes a mapping for each column or
element whose name it recognises (Norwegian and English ERP names: Fraktbrev, Hovedfraktbrev,
Avsender, Mottaker, Bruttovekt, Kolli, Varebeskrivelse, Varekode, Tollsted, Regnr, …). Mandatory
fields it could not map are marked "# MANDATORY, not mapped" in the file. Then validates the sample
with the draft and prints every problem. Sends nothing.
  --out <file>   where to write the draft (.yaml); an existing file is kept unless --force
  --mode <m>     mode of transport (default: guessed from the names, else road)
  --name <n>     profile name (default: from the sample's file name)
Exit code 0 when the sample validates clean with the draft, 1 otherwise.`;

/** `tollkit profile init <sample> --out <profile.yaml>`. */
export const profileCommand: Command = {
  name: 'profile',
  summary: 'draft a mapping profile from a sample manifest (profile init), then validate the sample',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { ...COMMON_OPTIONS, out: { type: 'string', short: 'o' }, mode: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean' } });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    const [sub, sample, extra] = positionals;
    if (sub !== 'init') throw new UsageError(sub === undefined ? 'say what to do: profile init <sample>' : `unknown profile sub-command "${sub}" (there is: init)`);
    if (sample === undefined) throw new UsageError('the sample manifest is missing');
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    if (values.out === undefined) throw new UsageError('--out <profile.yaml> is required');
    let result;
    try {
      result = await initProfile({
        sample: cliPath(io, sample),
        out: cliPath(io, values.out),
        mode: values.mode === undefined ? undefined : modeOption(values.mode),
        name: values.name,
        force: values.force,
      });
    } catch (error) {
      if (error instanceof TypeError) throw new UsageError(error.message);
      throw error;
    }
    if (values.json === true) printJson(io, { out: result.out, profile: result.inferred.profile, unmapped: result.inferred.unmapped, unused: result.inferred.unused, notes: result.inferred.notes, validation: result.validation });
    else io.out(`${formatInitProfile(result, formatValidation)}\n`);
    return result.validation.ok ? EXIT.ok : EXIT.rejected;
  },
};
