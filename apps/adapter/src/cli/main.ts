import { COMMANDS } from './commands/index.js';
import type { Command } from './lib/command.js';
import { EXIT, type CliIo } from './lib/io.js';
import { reportError } from './lib/report-error.js';

export type { CliIo } from './lib/io.js';
export { EXIT } from './lib/io.js';
export type { Command } from './lib/command.js';

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: tollkit <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Common options: --config <file> (default $TOLLKIT_CONFIG or ./tollkit.yaml), --json, --help',
    'Run "tollkit <command> --help" for details.',
  ].join('\n');
}

/**
 * Runs one `tollkit` command line and returns the exit code (0 ok, 1 rejected by Customs, 2 usage,
 * 3 config/credentials, 4 transient, 5 bug).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2), io);
 */
export async function main(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(`${overview(commands)}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`error: unknown command "${name}"\n\n${overview(commands)}\n`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, command.usage);
  }
}
