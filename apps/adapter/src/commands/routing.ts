import type { AdapterConfig } from '../config/load-config.js';
import { drainOutbox } from '../pipeline/drain-outbox.js';
import { followRoutingOnce } from '../pipeline/follow-routing.js';
import { followTransportRoutingOnce, TRANSPORT_FEED } from '../pipeline/follow-transport-routing.js';
import { defaultTuning, silentLog, type PipelineLog } from '../pipeline/ports.js';
import { channelFiles } from '../service/lib/channel-files.js';
import { parseManifestFile } from '../pipeline/parse-manifest-file.js';
import { connectDigitoll, openStore, serviceChannels } from './lib/runtime.js';

/** What one `routing` pass did. */
export interface RoutingPassResult {
  /** Routing items read from the feed (and stored). */
  readonly items: number;
  /** Routing files written to partner outboxes. */
  readonly filesWritten: number;
  /** The feed marker after the pass. */
  readonly marker: string | undefined;
  /**
   * The transport-level feed, when the config follows it (`digitoll.transportRouting`): items read and its marker,
   * or Customs' refusal (403: the organisation is not entitled).
   */
  readonly transport?: { readonly items: number; readonly marker: string | undefined } | { readonly refused: string };
}

/**
 * `tollkit routing`: one pass of the routing follower outside the service — reads the feed from the
 * stored marker until drained, stores the decisions, writes routing files to the partners' outboxes
 * and persists the marker (the same code the service runs in the background).
 *
 * @example
 * const { items, marker } = await routingPass(loadConfig('tollkit.yaml'));
 */
export async function routingPass(config: AdapterConfig, options: { log?: PipelineLog; /** Leave the transport feed out (it refused earlier). */ skipTransportFeed?: boolean } = {}): Promise<RoutingPassResult> {
  const store = await openStore(config);
  try {
    const digitoll = await connectDigitoll(config);
    const channels = await serviceChannels(config);
    try {
      const byName = new Map(channels.map((c) => [c.channel.name, { settings: c.profile, files: channelFiles(c.channel, c.local) }]));
      const deps = {
        store,
        client: digitoll.client,
        channel: (name: string) => byName.get(name),
        log: options.log ?? silentLog,
        now: Date.now,
        owner: `${config.instanceId}:routing`,
        tuning: defaultTuning,
        parse: parseManifestFile,
      };
      // The transport feed first, as the service does (an item both feeds carry is stored once, attributed to our transport).
      let transport: RoutingPassResult['transport'];
      if (config.transportRouting && options.skipTransportFeed !== true) {
        try {
          transport = { items: await followTransportRoutingOnce(deps), marker: await store.getRoutingMarker(TRANSPORT_FEED) };
        } catch (error) {
          if ((error as { code?: unknown }).code !== 'DIGITOLL_FORBIDDEN') throw error;
          transport = { refused: `Customs refused the transport-level routing feed (403): this organisation is not entitled to it (${(error as Error).message})` };
        }
      }
      const items = await followRoutingOnce(deps);
      const filesWritten = await drainOutbox(deps, { max: 1_000 });
      return { items, filesWritten, marker: await store.getRoutingMarker('house-consignment'), ...(transport === undefined ? {} : { transport }) };
    } finally {
      await Promise.all(channels.map((c) => c.channel.stop().catch(() => undefined)));
      await digitoll.close();
    }
  } finally {
    await store.close();
  }
}
