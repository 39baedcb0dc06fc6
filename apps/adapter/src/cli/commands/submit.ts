import type { BatchItemResult, ValidationResult } from '@tollkit/digitoll-client';
import { COMMON_OPTIONS, connectFromConfig, levelOption, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError, type CliIo } from '../lib/io.js';
import { readSubmissionFile } from '../lib/submission-file.js';

const usage = `Usage: tollkit submit <file.json> [--mode M] [--level L] [--mrn <MRN>] [--no-wait] [--timeout <s>] [--json] [--config <file>]

Sends the notification(s) in <file.json> (a request body, an envelope {mode, level, body}, or an array),
then waits for Customs' validation and prints requestId, MRN or the errors.
  --mrn <MRN>   update (PUT) the notification with this MRN instead of creating one (single body only)
  --no-wait     only print the requestIds (poll later with "tollkit status")
  --timeout <s> give up waiting after this many seconds (default 900)`;

/** `tollkit submit <file.json>`: POST (or PUT with --mrn), wait for validation, print the outcome. */
export const submitCommand: Command = {
  name: 'submit',
  summary: 'send notification(s) from a JSON file and wait for validation',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      mode: { type: 'string', short: 'm' },
      level: { type: 'string', short: 'l' },
      mrn: { type: 'string' },
      'no-wait': { type: 'boolean' },
      timeout: { type: 'string' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the JSON file to submit is missing' : `unexpected argument "${positionals[1]}"`);
    const timeoutSeconds = values.timeout === undefined ? 900 : Number(values.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout must be a number of seconds > 0; got "${values.timeout}"`);
    const items = await readSubmissionFile(positionals[0]!, {
      mode: values.mode === undefined ? undefined : modeOption(values.mode),
      level: levelOption(values.level),
    });
    const connection = await connectFromConfig(values.config, io);
    const { client } = connection;
    const wait = { deadlineMs: timeoutSeconds * 1000 };

    if (values.mrn !== undefined) {
      if (items.length !== 1) throw new UsageError('--mrn updates one notification; the file holds several');
      const item = items[0]!;
      const { requestId } = await client.updateNotification({ ...item, mrn: values.mrn });
      if (values['no-wait'] === true) return print(io, values.json, [{ index: 0, level: item.level, requestId, outcome: 'submitted' }]);
      const [validation] = await client.waitForValidation([{ requestId, target: { api: 'notification', mode: item.mode, level: item.level } }], wait);
      return print(io, values.json, [{ index: 0, level: item.level, requestId, ...describeValidation(validation!) }]);
    }

    if (values['no-wait'] === true) {
      const rows: Row[] = [];
      for (const [index, item] of items.entries()) {
        const outcome = await client.submitNotification(item);
        rows.push(
          outcome.status === 'accepted'
            ? { index, level: item.level, requestId: outcome.requestId, outcome: 'submitted' }
            : { index, level: item.level, outcome: 'already-submitted', mrn: outcome.existing.mrn, detail: `${outcome.existing.type} ${outcome.existing.documentNumber} is already known to Customs` },
        );
      }
      return print(io, values.json, rows);
    }
    const results = await client.submitBatch(items, wait);
    return print(io, values.json, results.map((r) => toRow(r, items[r.index]!.level)));
  },
};

interface Row {
  index: number;
  level: string;
  requestId?: string | undefined;
  outcome: string;
  mrn?: string | undefined;
  detail?: string | undefined;
  errors?: string[] | undefined;
}

function toRow(result: BatchItemResult, level: string): Row {
  const key = result.key === undefined ? undefined : `${result.key.type} ${result.key.documentNumber}`;
  if (result.outcome === 'not-submitted') {
    const list = (result.error as { validationErrors?: { field: string; error: string }[] }).validationErrors;
    return { index: result.index, level, outcome: 'rejected', detail: `${result.error.code}: ${key ?? ''}`.trim(), errors: list?.map((e) => `${e.field}: ${e.error}`) ?? [result.error.message] };
  }
  if (result.outcome === 'already-submitted') {
    return { index: result.index, level, outcome: 'already-submitted', mrn: result.existing.mrn, detail: `${key ?? ''} was already received by Customs; not sent again` };
  }
  return { index: result.index, level, requestId: result.requestId, ...describeValidation(result.validation) };
}

function describeValidation(v: ValidationResult): Omit<Row, 'index' | 'level'> {
  switch (v.outcome) {
    case 'success':
      return { requestId: v.requestId, outcome: 'SUCCESS', mrn: v.mrn, detail: v.incompleteDocumentationReasons.length > 0 ? `incomplete: ${v.incompleteDocumentationReasons.join(', ')}` : undefined };
    case 'failure':
      return { requestId: v.requestId, outcome: 'FAILURE', errors: v.status.validationErrorList.map((e) => `${e.pointer?.messageElementPath ?? '?'}: ${e.description}`) };
    case 'already-in-use':
      return { requestId: v.requestId, outcome: 'ALREADY_IN_USE', mrn: v.conflict.existingMrn, detail: v.conflict.description };
    case 'timeout':
      return { requestId: v.requestId, outcome: 'PENDING', detail: 'still being validated; poll later with "tollkit status"' };
    default:
      return { requestId: v.requestId, outcome: 'ERROR', detail: `${v.error.code}: ${v.error.message}` };
  }
}

function print(io: CliIo, json: boolean | undefined, rows: Row[]): number {
  if (json === true) printJson(io, rows);
  else {
    for (const row of rows) {
      const parts = [`#${row.index}`, row.level, row.outcome, row.mrn ? `MRN ${row.mrn}` : undefined, row.requestId ? `requestId ${row.requestId}` : undefined, row.detail];
      io.out(`${parts.filter(Boolean).join('  ')}\n`);
      for (const e of row.errors ?? []) io.out(`    ${e}\n`);
    }
  }
  if (rows.some((r) => r.outcome === 'rejected' || r.outcome === 'FAILURE' || r.outcome === 'ALREADY_IN_USE')) return EXIT.rejected;
  if (rows.some((r) => r.outcome === 'PENDING' || r.outcome === 'ERROR')) return EXIT.transient;
  return EXIT.ok;
}
