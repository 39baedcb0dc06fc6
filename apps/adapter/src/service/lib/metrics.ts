/**
 * A small Prometheus registry (text exposition format 0.0.4): counters, gauges and one histogram
 * kind, with labels. Enough for the adapter's handful of series without a dependency.
 */

type Labels = Readonly<Record<string, string>>;

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`).join(',')}}`;
}

interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  render(): string[];
}

/** A monotonically increasing count. */
export class Counter implements Family {
  readonly type = 'counter';
  readonly #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.#values.get(labelKey(labels)) ?? 0;
  }
  render(): string[] {
    return [...this.#values].map(([k, v]) => `${this.name}${k} ${v}`);
  }
}

/** A value that goes up and down; `collect` refreshes it at scrape time. */
export class Gauge implements Family {
  readonly type = 'gauge';
  readonly #values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  set(labels: Labels, value: number): void {
    this.#values.set(labelKey(labels), value);
  }
  render(): string[] {
    return [...this.#values].map(([k, v]) => `${this.name}${k} ${v}`);
  }
}

/** Observations in cumulative buckets (seconds). */
export class Histogram implements Family {
  readonly type = 'histogram';
  readonly #counts: number[];
  #sum = 0;
  #count = 0;
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {
    this.#counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.#sum += value;
    this.#count++;
    for (const [i, le] of this.buckets.entries()) if (value <= le) this.#counts[i] = (this.#counts[i] ?? 0) + 1;
  }
  render(): string[] {
    return [
      ...this.buckets.map((le, i) => `${this.name}_bucket{le="${le}"} ${this.#counts[i] ?? 0}`),
      `${this.name}_bucket{le="+Inf"} ${this.#count}`,
      `${this.name}_sum ${this.#sum}`,
      `${this.name}_count ${this.#count}`,
    ];
  }
}

/** A set of metric families rendered together. */
export class Registry {
  readonly #families: Family[] = [];
  register<F extends Family>(family: F): F {
    this.#families.push(family);
    return family;
  }
  /** The text exposition of every family. */
  render(): string {
    const out: string[] = [];
    for (const f of this.#families) {
      out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} ${f.type}`, ...f.render());
    }
    return `${out.join('\n')}\n`;
  }
}

/** The adapter's metrics. */
export function createAdapterMetrics() {
  const registry = new Registry();
  return {
    registry,
    manifests: registry.register(new Gauge('tollkit_manifests', 'Manifests in the store by state (queue depth).')),
    notifications: registry.register(new Gauge('tollkit_notifications', 'Notifications in the store by state (queue depth).')),
    outboxPending: registry.register(new Gauge('tollkit_outbox_pending', 'Result, routing and error files waiting to be written.')),
    eventLoopDelayMax: registry.register(
      new Gauge('tollkit_event_loop_delay_max_seconds', 'Largest delay of the event loop since the start (10 ms resolution): the longest the service could not answer anything.'),
    ),
    filesClaimed: registry.register(new Counter('tollkit_files_claimed_total', 'Files claimed from an inbox, by channel.')),
    manifestsArchived: registry.register(new Counter('tollkit_manifests_archived_total', 'Manifests completed (results written, file archived), by channel.')),
    manifestsFailed: registry.register(new Counter('tollkit_manifests_failed_total', 'Manifests moved to failed/, by channel and code.')),
    emergencyPacks: registry.register(
      new Counter('tollkit_emergency_packs_total', "Emergency packs queued to a partner's outbox because Customs could not be reached close to a transport's arrival, by channel and routine (desk, email)."),
    ),
    manifestsCompleted: registry.register(
      new Counter(
        'tollkit_manifests_completed_total',
        'Manifests finished, by channel and outcome (accepted, accepted-with-rejections, rejected, failed).',
      ),
    ),
    notificationsSent: registry.register(new Counter('tollkit_notifications_sent_total', 'POST/PUT/DELETE requests sent to Customs (counted as each one leaves), by channel.')),
    notificationsSettled: registry.register(
      new Counter('tollkit_notifications_settled_total', "Rows settled by Customs' answer as they happen, by channel and state (accepted, rejected)."),
    ),
    timeToMrn: registry.register(
      new Histogram('tollkit_time_to_mrn_seconds', 'From a manifest being received to every notification settled (MRN or rejection).', [
        1, 2, 5, 10, 30, 60, 120, 300, 900, 3600,
      ]),
    ),
    routingItems: registry.register(new Counter('tollkit_routing_items_total', 'Routing feed items read.')),
    routingLag: registry.register(new Gauge('tollkit_routing_lag_seconds', 'Age of the newest routing decision when it was read.')),
    transportRoutingItems: registry.register(new Counter('tollkit_transport_routing_items_total', "Transport-level routing feed items read (digitoll.transportRouting).")),
    routingFeedRefused: registry.register(
      new Gauge('tollkit_routing_feed_refused', 'Whether Customs refused a routing feed (403: the organisation is not entitled to it), by feed.'),
    ),
    errors: registry.register(new Counter('tollkit_errors_total', 'Errors by component (intake, pipeline, routing, arrivals, outbox, store); intake errors also by channel.')),
    up: registry.register(new Gauge('tollkit_up', '1 while the service runs.')),
    channelUp: registry.register(new Gauge('tollkit_channel_up', '1 while a channel is started and its last pass worked, 0 while it is down (by channel).')),
    strandedFiles: registry.register(
      new Gauge('tollkit_stranded_files', 'Files in a channel\'s processing/ the store has no record of yet (waiting to settle, or the store was unavailable), by channel.'),
    ),
    storeUp: registry.register(new Gauge('tollkit_store_up', '1 when the store answered its last check, 0 when it did not.')),
  };
}

export type AdapterMetrics = ReturnType<typeof createAdapterMetrics>;
