import { formatDoctor, runDoctor } from '../../commands/doctor.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { loadAdapterConfig } from '../lib/adapter-config.js';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit doctor [--json] [--config <file>]

Checks what an unattended run depends on, each separately: the config, the store (opens, migrates,
queue depths), every channel (reachable, folders, SFTP host key pinned) and its mapping profile, the
Maskinporten token with the clock offset, and Digitoll (test-auth). Sends nothing to Customs and
prints no secret. Exit code 0 when every check passes, 3 otherwise.`;

/** `tollkit doctor`. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check config, store, channels, profiles, keys, clock offset and Digitoll reachability',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, COMMON_OPTIONS);
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const checks = await runDoctor(loadAdapterConfig(values.config, io));
    if (values.json === true) printJson(io, checks);
    else io.out(`${formatDoctor(checks)}\n`);
    return checks.every((c) => c.ok) ? EXIT.ok : EXIT.config;
  },
};
