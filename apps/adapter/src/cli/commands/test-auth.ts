import { COMMON_OPTIONS, connectFromConfig, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';
import { submitBase } from '@tollkit/digitoll-client';

const usage = `Usage: tollkit test-auth [--mode road|air|rail|maritime] [--json] [--config <file>]

Smoke test of docs/digitoll.md §12.3: fetches a token for the mode and calls GET …/test-auth.`;

/** `tollkit test-auth`: token + `GET …/test-auth`. */
export const testAuthCommand: Command = {
  name: 'test-auth',
  summary: 'check the whole authentication chain against Digitoll',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { ...COMMON_OPTIONS, mode: { type: 'string', short: 'm' } });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const mode = modeOption(values.mode, 'road');
    const connection = await connectFromConfig(values.config, io);
    const { status } = await connection.client.testAuth(mode);
    const endpoint = `GET ${connection.baseUrl}${submitBase(mode)}/test-auth`;
    if (values.json === true) printJson(io, { ok: true, endpoint, status, scope: connection.client.scopeFor(mode), client: connection.clientName });
    else io.out(`Authentication OK: ${endpoint} answered ${status} for client ${connection.clientName} (scope ${connection.client.scopeFor(mode)})\n`);
    return EXIT.ok;
  },
};
