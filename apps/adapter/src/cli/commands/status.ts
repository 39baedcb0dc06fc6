import { COMMON_OPTIONS, connectFromConfig, levelOption, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import type { ValidationTarget } from '@tollkit/digitoll-client';
import { formatStatus, statusOf } from '../../commands/status.js';
import { openStore } from '../../commands/lib/runtime.js';
import { ConfigProblem, configPath } from '../lib/connection.js';
import { isAdapterConfigFile, loadAdapterConfig } from '../lib/adapter-config.js';
import { EXIT, UsageError, type CliIo } from '../lib/io.js';

/** A Customs requestId: a UUID. */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const usage = `Usage: tollkit status <waybill|MRN|file> [--json] [--config <file>]
       tollkit status <requestId> --mode M --level L [--wait] [--timeout <s>] [--json] [--config <file>]
       tollkit status <requestId> --api presentation|arrival | --api relation --mode M

What the argument is decides where to look:
  a waybill (house or master document number; a transport's is <means id>@<scheduled arrival>),
  an 18-character MRN or a manifest file name
      → the adapter's store (needs the adapter config): states, requestIds, MRNs, Customs' errors,
        incomplete-documentation reasons and routing of everything that matches.
        Exit code 0 when something matches, 1 when nothing does.
  a requestId (UUID), or any argument with --remote, --mode, --level, --api, --wait or --timeout
      → Customs' validation-status of that POST/PUT/DELETE: SUCCESS (+MRN), FAILURE (+errors) or
        still pending (exit 4).
  --remote      ask Customs even if the argument does not look like a requestId
  --api <api>   notification (default), presentation, relation or arrival
  --wait        keep polling (with back-off) until it is finished or --timeout (default 900 s) passes`;

/** `tollkit status <requestId>`: one poll (or `--wait`) of validation-status. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'what the store knows about a waybill, MRN or file; or Customs\' status of a requestId',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      mode: { type: 'string', short: 'm' },
      level: { type: 'string', short: 'l' },
      wait: { type: 'boolean' },
      timeout: { type: 'string' },
      api: { type: 'string' },
      remote: { type: 'boolean' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? 'the requestId is missing (or give a waybill, MRN or manifest file name)' : `unexpected argument "${positionals[1]}"`);
    }
    const requestId = positionals[0]!;
    const remote =
      values.remote === true || REQUEST_ID.test(requestId) || [values.mode, values.level, values.api, values.wait, values.timeout].some((v) => v !== undefined);
    if (!remote) return storeStatus(requestId, values.config, values.json === true, io);
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

/** `status <waybill|MRN|file>`: what the adapter's store knows (no call to Customs). */
async function storeStatus(query: string, config: string | undefined, json: boolean, io: CliIo): Promise<number> {
  if (!isAdapterConfigFile(config, io)) {
    throw new ConfigProblem(
      `"${query}" is not a requestId (UUID), so it is looked up in the adapter's store, which needs the adapter config ` +
        `(${configPath(config, io)} is not one); use --remote to ask Customs instead`,
    );
  }
  const store = await openStore(loadAdapterConfig(config, io));
  try {
    const result = await statusOf(store, query);
    if (json) printJson(io, result);
    else io.out(`${formatStatus(result)}\n`);
    return result.notifications.length === 0 && result.manifests.length === 0 ? EXIT.rejected : EXIT.ok;
  } finally {
    await store.close();
  }
}
