import { formatIncomplete, formatProblem, formatValidation, validateManifest } from '../../commands/convert.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT } from '../lib/io.js';
import { MANIFEST_OPTIONS, MANIFEST_OPTIONS_USAGE, manifestOptions } from '../lib/manifest-options.js';

const usage = `Usage: tollkit validate --profile <profile> <file> [--param k=v]… [--date-rebase a:b] [--json]

Checks a manifest as the service would, without sending: every problem with its file line, level,
document number, field and message (parse and mapping problems, message schemas, Customs' rules
and procedure rules, all in one pass), and each house that Customs will accept as INCOMPLETE with
its procedure variant (Customs' numbering) and the reasons Customs will give. Each row's problem is
printed as soon as it is found; the summary, the file-level problems, the file-level warnings
(encoding fallback, columns the profile does not read, XML paths that match nothing) and the count
of houses per procedure variant follow at the end (--json prints one document at the end).
${MANIFEST_OPTIONS_USAGE}
Exit codes: 0 the file is clean · 1 a row is invalid, or the file cannot be read or parsed · 2 the file does not exist
(or another usage error) · 3 a config problem.`;

/** `tollkit validate --profile <p> <file>`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a manifest locally: every problem per row and field (exit 1 when any)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { ...COMMON_OPTIONS, ...MANIFEST_OPTIONS });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    const options = manifestOptions(io, values, positionals);
    // JSON: one document at the end. Text: row problems as they are found (nothing kept), then the
    // summary and the file problems.
    const json = values.json === true;
    const result = await validateManifest(
      json
        ? options
        : { ...options, keepRowProblems: false, onProblem: (p) => io.out(`${formatProblem(p)}\n`), onIncomplete: (h) => io.out(`${formatIncomplete(h)}\n`) },
    );
    if (json) printJson(io, result);
    else io.out(`${formatValidation(result)}\n`);
    return result.ok ? EXIT.ok : EXIT.rejected;
  },
};
