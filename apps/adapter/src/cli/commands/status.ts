import { COMMON_OPTIONS, connectFromConfig, levelOption, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import type { ValidationTarget } from '@tollkit/digitoll-client';
import { describeManifest, formatManifestHead, formatRows } from '../../commands/describe-manifest.js';
import { findAnything, formatFind } from '../../commands/find.js';
import { notificationStates, type NotificationState } from '../../store/states.js';
import { openStore } from '../../commands/lib/runtime.js';
import { ConfigProblem, configPath } from '../lib/connection.js';
import { isAdapterConfigFile, loadAdapterConfig } from '../lib/adapter-config.js';
import { EXIT, UsageError, type CliIo } from '../lib/io.js';

/** A Customs requestId: a UUID. */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const usage = `Usage: tollkit status <anything> [--summary] [--state <s>]... [--limit <n>] [--cursor <c>] [--json] [--config <file>]
       tollkit status <requestId> --remote --mode M --level L [--wait] [--timeout <s>] [--json] [--config <file>]
       tollkit status <requestId> --api presentation|arrival | --api relation --mode M

With the adapter config, <anything> is looked up in the adapter's store — any name an operator sees:
  the file's original name, its archive/failed name (a path is fine), a result or error-report name,
  a manifest id (from a log line or "tollkit list"), a requestId, an MRN, a waybill (house or master
  document number) or a transport id (the means of transport, without @<arrival>).
  It says "unknown" when the store never saw it and "pending" when it is known but not finished.
  A file or manifest id shows the manifest (state, outcome, counts) and a page of its rows:
  --summary      the manifest line(s) only, however big the file
  --state <s>    rows in these states (default: rejected and invalid; "all" for every row)
  --limit <n>    rows per page, 1-1000 (default 20); --cursor <c> for the next page
  Exit code 0 when something matches (pending too), 1 when nothing does.
A requestId with --remote, --mode, --level, --api, --wait or --timeout (or with a stand-alone
connection config) asks Customs' validation-status instead: SUCCESS (+MRN), FAILURE (+errors), or
404 — which Customs answers both while validating and for a requestId it never received (exit 4).
  --remote      ask Customs
  --api <api>   notification (default), presentation, relation or arrival
  --wait        keep polling (with back-off) until it is finished or --timeout (default 900 s) passes`;

/** `tollkit status <requestId>`: one poll (or `--wait`) of validation-status. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'what the store knows about any file, manifest id, requestId, MRN, waybill or transport id (unknown vs pending)',
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
      summary: { type: 'boolean' },
      state: { type: 'string', multiple: true },
      limit: { type: 'string' },
      cursor: { type: 'string' },
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
      values.remote === true ||
      [values.mode, values.level, values.api, values.wait, values.timeout].some((v) => v !== undefined) ||
      (REQUEST_ID.test(requestId) && !isAdapterConfigFile(values.config, io));
    if (!remote) {
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000; got "${values.limit}"`);
      const states = values.state === undefined ? (['rejected', 'invalid'] as NotificationState[]) : values.state.includes('all') ? undefined : (values.state as NotificationState[]);
      for (const st of states ?? []) if (!notificationStates.includes(st)) throw new UsageError(`--state must be one of ${notificationStates.join(', ')} or all; got "${st}"`);
      return storeStatus(requestId, values.config, io, { json: values.json === true, summary: values.summary === true, states, limit, cursor: values.cursor });
    }
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
      if (values.json === true) printJson(io, { requestId, status: 'NOT_FOUND', meaning: 'still being validated, or never received: Customs answers 404 for both' });
      else {
        io.out(
          `${requestId}: not found at Customs (404) — still being validated, or a requestId Customs never received: Customs answers 404 for both. ` +
            `With the adapter config, "tollkit status ${requestId}" tells from the store whether the adapter sent it.\n`,
        );
      }
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

/** `status <anything>`: what the adapter's store knows (no call to Customs). */
async function storeStatus(
  query: string,
  config: string | undefined,
  io: CliIo,
  options: { json: boolean; summary: boolean; states: NotificationState[] | undefined; limit: number; cursor: string | undefined },
): Promise<number> {
  if (!isAdapterConfigFile(config, io)) {
    throw new ConfigProblem(
      `"${query}" is looked up in the adapter's store, which needs the adapter config ` +
        `(${configPath(config, io)} is not one); to ask Customs about a requestId use --remote --mode M --level L`,
    );
  }
  const store = await openStore(loadAdapterConfig(config, io));
  try {
    const found = await findAnything(store, query, { limit: options.limit });
    const byFile = found.manifests.length > 0 && found.kinds.every((k) => k === 'file' || k === 'manifest-id');
    if (!byFile || options.summary) {
      if (options.json) printJson(io, options.summary ? { ...found, rows: [] } : found);
      else io.out(`${formatFind(found, { summary: options.summary })}\n`);
      return found.verdict === 'unknown' ? EXIT.rejected : EXIT.ok;
    }
    // A file (or manifest id): its versions, and a page of the latest one's rows (problems first).
    const latest = [...found.manifests].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id))[0];
    const detail = await describeManifest(store, latest?.id as string, { states: options.states, limit: options.limit, cursor: options.cursor });
    const older = found.manifests.filter((m) => m.id !== latest?.id);
    if (options.json) printJson(io, { query: found.query, kinds: found.kinds, verdict: found.verdict, versions: older, ...detail });
    else {
      const lines = older.map(formatManifestHead);
      if (detail !== undefined) {
        lines.push(formatManifestHead(detail.manifest));
        const what = options.states === undefined ? 'rows' : `${options.states.join('/')} rows`;
        lines.push(detail.rows.length === 0 ? `no ${what}` : `${what}:`, ...formatRows(detail.rows));
        if (detail.nextCursor !== null) lines.push(`more ${what}: --cursor ${detail.nextCursor}`);
      }
      if (found.verdict === 'pending') lines.push('pending: still in progress');
      io.out(`${lines.join('\n')}\n`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
