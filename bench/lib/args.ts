import { parseArgs } from 'node:util';

/** Options every script understands. */
export interface CommonArgs {
  /** Small sizes for the `proof` suite. */
  readonly quick: boolean;
  /** Integer options given on the command line (`--n 5000`, `--runs 20` …). */
  readonly ints: Readonly<Record<string, number | undefined>>;
}

/**
 * Parses `--quick` and the named integer options; unknown options stop the script with a usage line.
 *
 * @example const args = readArgs(['n', 'concurrency']); const n = args.ints['n'] ?? (args.quick ? 2000 : 100_000);
 */
export function readArgs(intNames: readonly string[], argvIn: readonly string[] = process.argv.slice(2)): CommonArgs {
  const argv = argvIn.filter((a) => a !== '--');
  const options: Record<string, { type: 'string' | 'boolean' }> = { quick: { type: 'boolean' }, help: { type: 'boolean' } };
  for (const name of intNames) options[name] = { type: 'string' };
  const usage = `options: --quick ${intNames.map((n) => `--${n} <int>`).join(' ')}`;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if (values['help'] === true) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const ints: Record<string, number | undefined> = {};
  for (const name of intNames) {
    const raw = values[name];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (typeof raw !== 'string' || !Number.isInteger(value) || value < 0) {
      process.stderr.write(`--${name} must be a non-negative integer (got ${String(raw)})\n${usage}\n`);
      process.exit(2);
    }
    ints[name] = value;
  }
  return { quick: values['quick'] === true, ints };
}
