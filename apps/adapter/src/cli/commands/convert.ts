import { convertManifest, formatFileWarning } from '../../commands/convert.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';
import { MANIFEST_OPTIONS, MANIFEST_OPTIONS_USAGE, manifestOptions } from '../lib/manifest-options.js';

const usage = `Usage: tollkit convert --dry-run --profile <profile> <file> [--param k=v]… [--date-rebase a:b] [--bodies]

Maps a manifest with a profile and prints, as JSON, the exact messages that would be sent (current
documentIssueDate), each with its level, document number, first file line, status (would-send or
invalid) and local validation errors, and for houses the procedure variant (Customs' numbering)
and the incomplete-documentation reasons Customs will report. File-level warnings (encoding
fallback, columns the profile does not read, XML paths that match nothing) are in "fileWarnings"
and on stderr. Sends nothing, stores nothing, needs no config.
  --dry-run            required: convert never sends (drop the file into a channel's inbox to send it)
  --bodies             print only the array of request bodies that would be sent (valid ones)
${MANIFEST_OPTIONS_USAGE}
Exit codes: 0 every notification would be sent · 1 some are invalid, or the file cannot be read or parsed · 2 the file does
not exist (or another usage error) · 3 a config problem.`;

/** `tollkit convert --dry-run --profile <p> <file>`. */
export const convertCommand: Command = {
  name: 'convert',
  summary: 'print the exact Digitoll messages a manifest would give (--dry-run, JSON)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { ...COMMON_OPTIONS, ...MANIFEST_OPTIONS, 'dry-run': { type: 'boolean' }, bodies: { type: 'boolean' } });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (values['dry-run'] !== true) throw new UsageError('convert only does dry runs: add --dry-run (to send, drop the file into a channel inbox of a running adapter)');
    const result = await convertManifest(manifestOptions(io, values, positionals));
    if (values.bodies === true) printJson(io, result.notifications.filter((n) => n.status === 'would-send').map((n) => n.body));
    else printJson(io, result);
    const s = result.summary;
    for (const w of result.fileWarnings) io.err(`${formatFileWarning(w)}\n`);
    const variants = new Map<string, number>();
    for (const n of result.notifications) {
      if (n.procedure === undefined) continue;
      const key = n.procedure.variant === null ? 'none' : `variant ${n.procedure.variant}${n.procedure.incompleteReasons.length > 0 ? ` INCOMPLETE (${n.procedure.incompleteReasons.join(', ')})` : ''}`;
      variants.set(key, (variants.get(key) ?? 0) + 1);
    }
    if (variants.size > 0) io.err(`houses by procedure (Customs' numbering): ${[...variants].map(([k, c]) => `${k} ×${c}`).join('; ')}\n`);
    io.err(`${s.notifications} notification(s): ${s.wouldSend} would be sent, ${s.invalid} invalid, ${s.fileProblems} file problem(s)${result.fatal === undefined ? '' : `; FILE CANNOT BE READ: ${result.fatal}`}\n`);
    return result.fatal === undefined && s.invalid === 0 ? EXIT.ok : EXIT.rejected;
  },
};
