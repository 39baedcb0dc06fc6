import { formatManifestList, listManifests } from '../../commands/list-manifests.js';
import { openStore } from '../../commands/lib/runtime.js';
import type { ManifestOutcome } from '../../store/job-store.js';
import type { ManifestState } from '../../store/states.js';
import { loadAdapterConfig } from '../lib/adapter-config.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';

const usage = `Usage: tollkit list [--channel <name>] [--state <s>]... [--outcome <o>]... [--since <when>]
                    [--limit <n>] [--cursor <c>] [--json] [--config <file>]

The manifests in the adapter's store, newest first: received, id, channel, file, state, outcome
and the counts sent / accepted / rejected / invalid / pending. Reads the store only.
  --channel <name>   only this channel
  --state <s>        received, claimed, parsed, submitting, awaiting-results, results-written,
                     archived or failed (repeat for several)
  --outcome <o>      accepted, accepted-with-rejections, rejected, failed, or pending (in progress)
  --since <when>     received at or after an ISO date/instant, or a duration back (15m, 2h, 7d)
  --limit <n>        page size, 1-1000 (default 50)
  --cursor <c>       the next page (printed at the end of a full page, "nextCursor" in --json)
Exit code 0 (also when nothing matches), 2 for a wrong option, 3 for a config problem.`;

/** `tollkit list`: manifests with filters and paging. */
export const listCommand: Command = {
  name: 'list',
  summary: 'manifests in the store, newest first: filter by channel, state, outcome, since; paged',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      channel: { type: 'string' },
      state: { type: 'string', multiple: true },
      outcome: { type: 'string', multiple: true },
      since: { type: 'string' },
      limit: { type: 'string' },
      cursor: { type: 'string' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const limit = values.limit === undefined ? 50 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit must be a whole number from 1 to 1000; got "${values.limit}"`);
    const config = loadAdapterConfig(values.config, io);
    if (values.channel !== undefined && !config.channels.some((c) => c.settings.name === values.channel)) {
      throw new UsageError(`--channel: no channel named "${values.channel}" in ${config.file} (channels: ${config.channels.map((c) => c.settings.name).join(', ')})`);
    }
    const store = await openStore(config);
    try {
      let page;
      try {
        page = await listManifests(store, {
          channel: values.channel,
          state: values.state as ManifestState[] | undefined,
          outcome: values.outcome as (ManifestOutcome | 'pending')[] | undefined,
          since: values.since,
          cursor: values.cursor,
          limit,
        });
      } catch (error) {
        if (error instanceof TypeError) throw new UsageError(`--${error.message}`);
        throw error;
      }
      if (values.json === true) printJson(io, page);
      else io.out(`${formatManifestList(page)}\n`);
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};
