import { scopeFor } from '@tollkit/digitoll-client';
import { COMMON_OPTIONS, connectFromConfig, modeOption, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';
import { describeClock } from '../lib/describe.js';

const usage = `Usage: tollkit token [--mode road|air|rail|maritime] [--scope <scope>]... [--show] [--json] [--config <file>]

Fetches a Customs token (Maskinporten grant + token exchange) and shows its scope and expiry.
The token itself is printed only with --show. Default scope: the --mode's scope (road).`;

/** `tollkit token`: fetch a token and show scope and expiry (the token only with `--show`). */
export const tokenCommand: Command = {
  name: 'token',
  summary: 'fetch a Customs token and show its scope and expiry',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      mode: { type: 'string', short: 'm' },
      scope: { type: 'string', multiple: true },
      show: { type: 'boolean' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const connection = await connectFromConfig(values.config, io);
    const scopes = values.scope ?? [scopeFor(modeOption(values.mode, 'road'), connection.scopeFamily)];
    const token = await connection.tokens.getTokenInfo(scopes);
    const now = Date.now();
    const offset = connection.tokens.clockOffsetMs;
    if (values.json === true) {
      printJson(io, {
        environment: connection.environmentName,
        client: connection.clientName,
        ...token.toJSON(),
        secondsLeft: token.secondsLeft(now),
        clockOffsetMs: offset ?? null,
        ...(values.show === true ? { token: token.reveal() } : {}),
      });
      return EXIT.ok;
    }
    io.out(
      [
        `Environment: ${connection.environmentName}`,
        `Client:      ${connection.clientName}`,
        `Scope:       ${token.scope}`,
        `Type:        ${token.tokenType}`,
        `Expires:     ${new Date(token.expiresAt).toISOString()} (in ${token.secondsLeft(now)} s)`,
        `Clock:       ${describeClock(offset)}`,
        `Token:       ${values.show === true ? token.reveal() : '(hidden; add --show to print it)'}`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
