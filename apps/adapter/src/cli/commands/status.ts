import { COMMON_OPTIONS, connectFromConfig, levelOption, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import type { ValidationTarget } from '@tollkit/digitoll-client';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit status <requestId> --mode M --level L [--wait] [--timeout <s>] [--json] [--config <file>]
       tollkit status <requestId> --api presentation|arrival | --api relation --mode M

Shows the validation status of a POST/PUT/DELETE: SUCCESS (+MRN), FAILURE (+errors) or still pending.
  --api <api>   notification (default), presentation, relation or arrival
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
      api: { type: 'string' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the requestId is missing' : `unexpected argument "${positionals[1]}"`);
    const requestId = positionals[0]!;
    const target = targetFrom(values.api, values.mode, values.level);
    const timeoutSeconds = values.timeout === undefined ? 900 : Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a number of seconds > 0; got "${values.timeout}"`);
    const { client } = await connectFromConfig(values.config, io);
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

function targetFrom(api: string | undefined, mode: string | undefined, level: string | undefined): ValidationTarget {
  switch (api ?? 'notification') {
    case 'notification': {
      const checked = levelOption(level);
      if (checked === undefined) throw new UsageError('--level is required (transport, master-consignment or house-consignment)');
      return { api: 'notification', mode: modeOption(mode), level: checked };
    }
    case 'relation':
      return { api: 'relation', mode: modeOption(mode) };
    case 'presentation':
      return { api: 'presentation' };
    case 'arrival':
      return { api: 'arrival' };
    default:
      throw new UsageError(`--api must be notification, presentation, relation or arrival; got "${api}"`);
  }
}
