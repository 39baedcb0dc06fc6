import { COMMON_OPTIONS, connectFromConfig, levelOption, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit status <requestId> --mode M --level L [--wait] [--timeout <s>] [--json] [--config <file>]

Shows the validation status of a POST/PUT/DELETE: SUCCESS (+MRN), FAILURE (+errors) or still pending.
  --wait        keep polling (with back-off) until it is finished or --timeout (default 900 s) passes`;

/** `tollkit status <requestId>`: one poll (or `--wait`) of validation-status. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'show the validation status of a requestId',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      mode: { type: 'string', short: 'm' },
      level: { type: 'string', short: 'l' },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the requestId is missing' : `unexpected argument "${positionals[1]}"`);
    const requestId = positionals[0]!;
    const mode = modeOption(values.mode);
    const level = levelOption(values.level);
    if (level === undefined) throw new UsageError('--level is required (transport, master-consignment or house-consignment)');
    const timeoutSeconds = values.timeout === undefined ? 900 : Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a number of seconds > 0; got "${values.timeout}"`);
    const { client } = await connectFromConfig(values.config, io);
    const target = { api: 'notification' as const, mode, level };
    let status;
    if (values.wait === true) {
      const [result] = await client.waitForValidation([{ requestId, target }], { initialDelayMs: 0, deadlineMs: timeoutSeconds * 1000 });
      if (result!.outcome === 'error') throw result!.error;
      status = result!.outcome === 'timeout' ? undefined : result!.status;
    } else {
      status = await client.getValidationStatus(target, requestId);
    }
    if (status === undefined) {
      if (values.json === true) printJson(io, { requestId, status: 'PENDING' });
      else io.out(`${requestId}: still being validated (Customs answers 404 until it is done)\n`);
      return EXIT.transient;
    }
    if (values.json === true) printJson(io, status);
    else {
      io.out(`${requestId}: ${status.status}${status.mrn ? `  MRN ${status.mrn}` : ''}${status.notificationDate ? `  at ${status.notificationDate}` : ''}\n`);
      for (const e of status.validationErrorList) io.out(`    ${e.pointer?.messageElementPath ?? '?'}: ${e.description}\n`);
      if (status.incompleteDocumentationReasonList.length > 0) io.out(`    incomplete: ${status.incompleteDocumentationReasonList.join(', ')}\n`);
    }
    return status.status === 'SUCCESS' ? EXIT.ok : EXIT.rejected;
  },
};
