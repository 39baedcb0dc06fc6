import { existsSync } from 'node:fs';
import { replayFile } from '../../commands/replay.js';
import { openStore } from '../../commands/lib/runtime.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { cliPath, loadAdapterConfig } from '../lib/adapter-config.js';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit replay <file|name|manifest id> [--channel <name>] [--json] [--config <file>]

Moves a manifest (typically a fixed file from failed/, or one from archive/) back into its
channel's inbox under its original name, so the running service processes it again; local and
SFTP channels alike. The store decides what happens: failed or changed content is processed anew
(a changed file updates only what changed); an archived file is taken as a resubmission (its
rejected and invalid rows are sent again, accepted ones never twice). Refused: error reports,
result files, names the channel's include patterns do not take, and a name the inbox already has.
  <file>            a path to a file in a local channel's failed/ or archive/ (moved), or a fixed
                    copy elsewhere (copied in)
  <name>            a file's name in failed/ or archive/ (the way to name files on an SFTP server),
                    or a manifest id
  --channel <name>  the channel (default: the one the store or the file's folder tells)
Exit codes: 0 moved · 1 not found or refused · 2 usage · 3 config.`;

/** `tollkit replay <file> [--channel]`. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'move a (fixed) manifest from failed/ or archive/ back into its channel inbox (local or SFTP)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { ...COMMON_OPTIONS, channel: { type: 'string' } });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the file to replay is missing' : `unexpected argument "${positionals[1]}"`);
    const config = loadAdapterConfig(values.config, io);
    const arg = positionals[0]!;
    const store = await openStore(config);
    try {
      const local = existsSync(cliPath(io, arg));
      const result = await replayFile({ config, store }, local ? cliPath(io, arg) : arg, { channel: values.channel });
      if (values.json === true) printJson(io, result);
      else io.out(`${result.from} ${result.action} into the inbox of channel ${result.channel} as ${result.name}${result.resubmission ? ' (resubmission: rejected and invalid rows are sent again)' : ''}\n`);
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
