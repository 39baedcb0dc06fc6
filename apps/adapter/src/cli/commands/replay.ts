import { existsSync } from 'node:fs';
import { replayFile } from '../../commands/replay.js';
import { openStore } from '../../commands/lib/runtime.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { cliPath, loadAdapterConfig } from '../lib/adapter-config.js';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit replay <file> [--channel <name>] [--json] [--config <file>]

Puts a manifest (typically a fixed file from failed/, or one from archive/) back into a local
channel's inbox under its original name, so the running service processes it again. The store
decides what happens: failed content is processed anew, a changed file updates only what changed,
the same content as the last processed version changes nothing.
  --channel <name>  the channel (default: the one whose folder holds the file, or the only local one)`;

/** `tollkit replay <file> [--channel]`. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'put a (fixed) manifest back into a local channel inbox',
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
