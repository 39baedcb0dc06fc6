import type { DigitollPort } from '../../pipeline/ports.js';

/** One channel's intake as the service saw it. */
export interface ChannelHealth {
  readonly name: string;
  /** Last inbox scan that completed (ms since epoch); `undefined` before the first. */
  readonly lastScanAt: number | undefined;
  /** Last scan or channel error, cleared by the next successful scan. */
  readonly lastError: { readonly at: number; readonly message: string } | undefined;
}

/** Whether Customs answered lately. */
export interface CustomsReachability {
  /** Last call Customs answered (any HTTP answer, including a rejection). */
  readonly lastAnswerAt: number | undefined;
  /** Last call that got no usable answer (network error, 5xx, 429, answer lost). */
  readonly lastFailure: { readonly at: number; readonly code: string; readonly message: string } | undefined;
}

/** What the console shows of the running service (all in this process's memory; the store has the rest). */
export interface ServiceStatusView {
  readonly owner: string;
  readonly startedAt: number;
  readonly stopping: boolean;
  readonly channels: readonly ChannelHealth[];
  readonly customs: CustomsReachability;
  /** Lag of the newest routing item read (Customs' issue time → read), when known. */
  readonly routing: { readonly lastReadAt: number | undefined; readonly lagMs: number | undefined };
  /** The transport-level routing feed, when followed (`digitoll.transportRouting`). */
  readonly transportFeed: TransportFeedStatus;
  /** Notifications sent per minute over the last minute, five minutes and since start. */
  readonly throughput: { readonly lastMinute: number; readonly lastFiveMinutes: number; readonly sinceStart: number; readonly total: number };
  /** Last error per component (`intake:<channel>`, `pipeline`, `routing`). */
  readonly lastErrors: Readonly<Record<string, string>>;
}

/** Where the transport-level routing feed stands. */
export interface TransportFeedStatus {
  /** `off`: not followed; `not-read`: followed, no pass yet; `ok`: last pass worked; `not-entitled`: Customs answered 403. */
  readonly state: 'off' | 'not-read' | 'ok' | 'not-entitled';
  readonly lastReadAt: number | undefined;
  readonly refused: { readonly since: number; readonly message: string; readonly retryAt: number } | undefined;
}

/** Digitoll error codes that mean "Customs gave no usable answer" (as opposed to an answer we dislike). */
const unreachableCodes = new Set(['DIGITOLL_NETWORK_ERROR', 'DIGITOLL_SERVER_ERROR', 'DIGITOLL_RATE_LIMITED', 'DIGITOLL_OUTCOME_UNKNOWN']);

/**
 * Live state of one service instance for the console: channel scans, Customs reachability (seen on
 * the pipeline's own Digitoll calls, no extra traffic), routing lag and notification throughput.
 */
export class ServiceStatus {
  readonly owner: string;
  readonly startedAt: number;
  readonly lastErrors = new Map<string, string>();
  stopping = false;
  readonly #now: () => number;
  readonly #channels = new Map<string, { lastScanAt: number | undefined; lastError: { at: number; message: string } | undefined }>();
  #customs: { lastAnswerAt: number | undefined; lastFailure: CustomsReachability['lastFailure'] } = { lastAnswerAt: undefined, lastFailure: undefined };
  #routing: { lastReadAt: number | undefined; lagMs: number | undefined } = { lastReadAt: undefined, lagMs: undefined };
  #transportFeed: TransportFeedStatus = { state: 'off', lastReadAt: undefined, refused: undefined };
  /** (instant, notifications sent) samples, one per send event, pruned to the last five minutes. */
  readonly #sends: { at: number; count: number }[] = [];
  #sentTotal = 0;

  constructor(owner: string, channelNames: readonly string[], now: () => number) {
    this.owner = owner;
    this.#now = now;
    this.startedAt = now();
    for (const name of channelNames) this.#channels.set(name, { lastScanAt: undefined, lastError: undefined });
  }

  scanned(channel: string): void {
    const c = this.#channels.get(channel);
    if (c !== undefined) {
      c.lastScanAt = this.#now();
      c.lastError = undefined;
    }
  }

  channelError(channel: string, message: string): void {
    const c = this.#channels.get(channel);
    if (c !== undefined) c.lastError = { at: this.#now(), message };
  }

  sent(count: number): void {
    const at = this.#now();
    this.#sentTotal += count;
    this.#sends.push({ at, count });
    while (this.#sends.length > 0 && (this.#sends[0]?.at ?? at) < at - 5 * 60_000) this.#sends.shift();
  }

  routingRead(lagMs: number | undefined): void {
    this.#routing = { lastReadAt: this.#now(), lagMs: lagMs ?? this.#routing.lagMs };
  }

  /** A transport-feed pass worked (or read items). */
  transportFeedRead(): void {
    this.#transportFeed = { state: 'ok', lastReadAt: this.#now(), refused: undefined };
  }

  /** Customs refused the transport feed (403); the first refusal's time is kept. */
  transportFeedRefused(message: string, retryAt: number): void {
    this.#transportFeed = { ...this.#transportFeed, state: 'not-entitled', refused: { since: this.#transportFeed.refused?.since ?? this.#now(), message, retryAt } };
  }

  /** The transport feed is followed (called once at start). */
  followTransportFeed(): void {
    if (this.#transportFeed.state === 'off') this.#transportFeed = { ...this.#transportFeed, state: 'not-read' };
  }

  get transportFeed(): TransportFeedStatus {
    return this.#transportFeed;
  }

  /** Wraps the Digitoll client so every call's answer (or its absence) is seen here. */
  watch(client: DigitollPort): DigitollPort {
    const record = <T>(call: Promise<T>): Promise<T> =>
      call.then(
        (value) => {
          this.#customs.lastAnswerAt = this.#now();
          return value;
        },
        (error: unknown) => {
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string' && unreachableCodes.has(code)) {
            this.#customs.lastFailure = { at: this.#now(), code, message: error instanceof Error ? error.message : String(error) };
          } else if (typeof code === 'string' && code.startsWith('DIGITOLL_')) {
            this.#customs.lastAnswerAt = this.#now();
          }
          throw error;
        },
      );
    return {
      submitNotification: (input) => record(client.submitNotification(input)),
      updateNotification: (input) => record(client.updateNotification(input)),
      deleteNotification: (input) => record(client.deleteNotification(input)),
      findNotification: (input) => record(client.findNotification(input)),
      waitForValidation: (requests, options) => record(client.waitForValidation(requests, options)),
      listDocumentStatuses: (mode, query) => record(client.listDocumentStatuses(mode, query)),
      getRoutingPage: (options) => record(client.getRoutingPage(options)),
      present: (input) => record(client.present(input)),
      createRelation: (mode, body) => record(client.createRelation(mode, body)),
      submitArrival: (body) => record(client.submitArrival(body)),
      getEntryStatus: (mode, mrn) => record(client.getEntryStatus(mode, mrn)),
    };
  }

  view(): ServiceStatusView {
    const now = this.#now();
    const sentSince = (ms: number): number => this.#sends.filter((s) => s.at >= now - ms).reduce((a, s) => a + s.count, 0);
    const minutesUp = Math.max((now - this.startedAt) / 60_000, 1 / 60);
    return {
      owner: this.owner,
      startedAt: this.startedAt,
      stopping: this.stopping,
      channels: [...this.#channels].map(([name, c]) => ({ name, lastScanAt: c.lastScanAt, lastError: c.lastError })),
      customs: { ...this.#customs },
      routing: { ...this.#routing },
      transportFeed: this.#transportFeed,
      throughput: {
        lastMinute: sentSince(60_000),
        lastFiveMinutes: sentSince(5 * 60_000) / 5,
        sinceStart: this.#sentTotal / minutesUp,
        total: this.#sentTotal,
      },
      lastErrors: Object.fromEntries(this.lastErrors),
    };
  }
}
