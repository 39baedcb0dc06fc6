import { readFileSync } from 'node:fs';
import { COMMANDS } from './commands/index.js';
import { runCleanups, type Command } from './lib/command.js';
import { EXIT, UsageError, type CliIo } from './lib/io.js';
import { reportError } from './lib/report-error.js';
import { didYouMean } from '../lib/did-you-mean.js';

export type { CliIo } from './lib/io.js';
export { EXIT } from './lib/io.js';
export type { Command } from './lib/command.js';

/** The adapter's version (from its package.json). */
export function tollkitVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** The exit codes, as every help text states them (and `main` keeps them). */
export const EXIT_CODES_TEXT =
  'Exit codes: 0 ok · 1 refused by Customs, invalid rows, nothing found, action refused · 2 usage (unknown command or option, ' +
  'missing argument, input file that does not exist) · 3 config or credentials (also a failed doctor check) · ' +
  '4 transient (network, 5xx, still pending) · 5 bug.';

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: tollkit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --config <file> (default $TOLLKIT_CONFIG or ./tollkit.yaml), --json (output, and errors, as JSON), --help, --version',
    'Run "tollkit <command> --help" for details.',
    EXIT_CODES_TEXT,
  ].join('\n');
}

/**
 * Runs one `tollkit` command line and returns the exit code ({@link EXIT_CODES_TEXT}). With
 * `--json` anywhere on the line, errors are printed as one JSON document too
 * (`{ "error": { "code", "message", "exitCode", … } }` on stdout).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), io);
 */
export async function main(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  if (name === '--version' || name === '-V' || name === 'version') {
    const version = tollkitVersion();
    io.out(json ? `${JSON.stringify({ name: 'tollkit', version })}\n` : `tollkit ${version}\n`);
    return EXIT.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(`${overview(commands)}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    const guess = didYouMean(name, commands.map((c) => c.name));
    const error = new UsageError(`unknown command "${name}"${guess === undefined ? '' : ` — did you mean "${guess}"?`}`);
    return reportError(error, io, { usage: overview(commands), json });
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, { usage: command.usage, json });
  } finally {
    await runCleanups();
  }
}
