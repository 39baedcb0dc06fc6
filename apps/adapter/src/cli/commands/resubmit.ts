import { resubmitManifest } from '../../commands/resubmit.js';
import { openStore } from '../../commands/lib/runtime.js';
import { loadAdapterConfig } from '../lib/adapter-config.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit resubmit <manifest> [--all] [--json] [--config <file>]

Sends again what Customs rejected or local validation found invalid in a finished manifest:
moves its file from archive/ (or failed/) back into the channel's inbox, recorded in the store
as a resubmission, so the running service takes it as a new version. Accepted rows are left
alone (an accepted notification is never sent twice); with --all they are sent again as
updates (PUT by their MRN), never as a second create.
  <manifest>  a manifest id, the file's name, its archive/failed name, or a requestId, MRN or
              waybill of one of its rows (anything "tollkit status" accepts; one file only)
  --all       also re-send the accepted rows, as updates
Exit codes: 0 queued · 1 nothing matches, or refused (in progress, a newer version exists,
nothing to resend, the inbox already holds that name) · 2 usage · 3 config.`;

/** `tollkit resubmit <manifest> [--all]`. */
export const resubmitCommand: Command = {
  name: 'resubmit',
  summary: 'send again what was rejected or invalid in a finished manifest (--all: every row, accepted ones as updates)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, { ...COMMON_OPTIONS, all: { type: 'boolean' } });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'the manifest to resubmit is missing' : `unexpected argument "${positionals[1]}"`);
    const config = loadAdapterConfig(values.config, io);
    const store = await openStore(config);
    try {
      const result = await resubmitManifest({ config, store, actor: 'cli' }, positionals[0]!, { all: values.all === true });
      if (values.json === true) printJson(io, result);
      else {
        const what = result.from.startsWith('failed/')
          ? 'the file is processed again from the start'
          : `${result.toResend} row(s) will be sent again${result.mode === 'all' ? ' (accepted ones as updates by MRN)' : ''}`;
        io.out(`${result.file} (manifest ${result.manifestId}) moved from ${result.from} into the inbox of channel ${result.channel}; ${what}\n`);
      }
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
