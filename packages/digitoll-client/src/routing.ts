import { routingFeedSchema, type RoutingItem } from '@tollkit/messages';
import { API_PATHS, scopeFor } from './endpoints.js';
import type { ClientContext } from './lib/context.js';
import { errorFor, send } from './lib/http.js';
import { parseResponse } from './lib/parse.js';

/** `house-consignment` (documented) or `transport` (seen in vendor code only). */
export type RoutingFeed = 'house-consignment' | 'transport';

/** One page of the routing feed and the marker to persist once it is processed. */
export interface RoutingPage {
  readonly items: readonly RoutingItem[];
  /** `routingResult.id` of the last item; the marker for the next call. Unchanged for an empty page. */
  readonly marker: string | undefined;
}

/** The operation behind `DigitollClient.getRoutingPage` (documented there). */
export async function getRoutingPage(ctx: ClientContext, options: { marker?: string | undefined; feed?: RoutingFeed | undefined } = {}): Promise<RoutingPage> {
  const feed = options.feed ?? 'house-consignment';
  if (feed !== 'house-consignment' && feed !== 'transport') throw new TypeError('feed must be house-consignment or transport');
  const response = await send(ctx, {
    method: 'GET',
    path: `${API_PATHS.routing}/${feed}`,
    query: { marker: options.marker },
    scope: scopeFor('entry', ctx.scopeFamily),
    retry: 'idempotent',
  });
  if (response.status !== 200) throw errorFor(response);
  const items = parseResponse(routingFeedSchema, response, 'routing feed');
  const last = items[items.length - 1];
  return { items, marker: last === undefined ? options.marker : last.routingResult.id };
}

/** Options of {@link followRouting}. */
export interface FollowRoutingOptions {
  /** The stored marker; absent the first time ever. */
  readonly marker?: string | undefined;
  readonly feed?: RoutingFeed | undefined;
  /** Keep polling after the feed is drained (`routing --follow`). Default false: stop at the first empty page. */
  readonly follow?: boolean | undefined;
  /** Pause between polls once drained, when following. Default 30 s. */
  readonly pollIntervalMs?: number | undefined;
  /** Stops following (checked between pages). */
  readonly signal?: AbortSignal | undefined;
}

/** The operation behind `DigitollClient.followRouting` (documented there). */
export async function* followRouting(ctx: ClientContext, options: FollowRoutingOptions = {}): AsyncGenerator<RoutingPage, void, undefined> {
  const pollIntervalMs = options.pollIntervalMs ?? 30_000;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 0) throw new TypeError(`pollIntervalMs must be a number >= 0; got ${pollIntervalMs}`);
  let marker = options.marker;
  while (options.signal?.aborted !== true) {
    const page = await getRoutingPage(ctx, { marker, feed: options.feed });
    if (page.items.length > 0) {
      marker = page.marker;
      yield page;
      continue;
    }
    if (options.follow !== true) return;
    await abortableSleep(ctx, pollIntervalMs, options.signal);
  }
}

async function abortableSleep(ctx: ClientContext, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return ctx.sleep(ms);
  if (signal.aborted) return;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  await Promise.race([ctx.sleep(ms), aborted]);
  if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
}
