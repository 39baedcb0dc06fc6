import { GraphIndex } from './graph-index.js';
import type { NotificationRecord, PlaygroundState, RequestRecord, RoutingRecord } from './state.js';

interface PresentedEntry {
  readonly list: readonly string[];
  seen: number;
  readonly set: Set<string>;
}

/**
 * Lookups over the playground state that survive between requests, so a request costs the same with 10 or
 * 100,000 notifications held. The state's arrays are append-only (notifications, requests, relations, routing,
 * presentation request ids): each index remembers how far it has read and catches up on use. Changes to records
 * already held that move links (a notification's status or body, a relation's status) must be announced with
 * {@link StateIndex.recordsChanged}; the link index is then rebuilt on next use.
 */
export class StateIndex {
  #links: GraphIndex | undefined;
  readonly #requests = new Map<string, RequestRecord[]>();
  #requestsSeen = 0;
  readonly #routingPosition = new Map<string, number>();
  readonly #latestRouting = new Map<string, RoutingRecord>();
  #routingSeen = 0;
  readonly #presentationRequestIds = new Set<string>();
  #presentationRequestIdsSeen = 0;
  readonly #presented = new Map<string, PresentedEntry>();
  #changeEpoch = 0;
  #anyArrived = false;
  #arrivalsSeen = 0;

  constructor(private readonly state: PlaygroundState) {}

  /** Link indexes (MRNs, keys, receptacles, relations) over the current notifications and relations. */
  links(): GraphIndex {
    if (this.#links === undefined || !this.#links.catchUp(this.state)) this.#links = new GraphIndex(this.state);
    return this.#links;
  }

  /** Drops the link indexes: call after changing the status or body of a notification, or a relation's status. */
  recordsChanged(): void {
    this.#links = undefined;
    this.#changeEpoch++;
  }

  /** Counts {@link StateIndex.recordsChanged} calls: a derived value computed at another epoch is stale. */
  get changeEpoch(): number {
    return this.#changeEpoch;
  }

  /**
   * True once any transport has arrived (an arrival is never undone): until then no house sits on an arrived
   * transport, so there is nothing to route. Reads the `arrivedAt` of notifications appended since the last call
   * (a loaded state may hold arrived ones); an arrival afterwards is announced with {@link StateIndex.transportArrived}.
   */
  anyTransportArrived(): boolean {
    const notifications = this.state.notifications;
    if (notifications.length < this.#arrivalsSeen) this.#arrivalsSeen = 0;
    for (let i = this.#arrivalsSeen; i < notifications.length && !this.#anyArrived; i++) {
      if ((notifications[i] as NotificationRecord).arrivedAt !== undefined) this.#anyArrived = true;
    }
    this.#arrivalsSeen = notifications.length;
    return this.#anyArrived;
  }

  /** Records that a transport has arrived (its `arrivedAt` was set). */
  transportArrived(): void {
    this.#anyArrived = true;
  }

  /** True when a notification or relation already carries this MRN. */
  mrnTaken(mrn: string): boolean {
    const links = this.links();
    return links.byMrn.has(mrn) || links.relationMrns.has(mrn);
  }

  /** Requests whose id equals `requestId` ignoring case, in submission order. */
  requestsWithId(requestId: string): readonly RequestRecord[] {
    const requests = this.state.requests;
    if (requests.length < this.#requestsSeen) {
      this.#requests.clear();
      this.#requestsSeen = 0;
    }
    for (let i = this.#requestsSeen; i < requests.length; i++) {
      const r = requests[i] as RequestRecord;
      const key = r.requestId.toLowerCase();
      const list = this.#requests.get(key);
      if (list === undefined) this.#requests.set(key, [r]);
      else list.push(r);
    }
    this.#requestsSeen = requests.length;
    return this.#requests.get(requestId.toLowerCase()) ?? [];
  }

  /** The first request with exactly this id. */
  request(requestId: string): RequestRecord | undefined {
    return this.requestsWithId(requestId).find((r) => r.requestId === requestId);
  }

  #catchUpRouting(): void {
    const routing = this.state.routing;
    if (routing.length < this.#routingSeen) {
      this.#routingPosition.clear();
      this.#latestRouting.clear();
      this.#routingSeen = 0;
    }
    for (let i = this.#routingSeen; i < routing.length; i++) {
      const r = routing[i] as RoutingRecord;
      if (!this.#routingPosition.has(r.id)) this.#routingPosition.set(r.id, i);
      this.#latestRouting.set(JSON.stringify([r.house.documentNumber, r.house.type]), r);
    }
    this.#routingSeen = routing.length;
  }

  /** Position of the routing record with this id in `state.routing`. */
  routingPosition(id: string): number | undefined {
    this.#catchUpRouting();
    return this.#routingPosition.get(id);
  }

  /** The latest routing record for a house key. */
  latestRouting(documentNumber: string, type: string): RoutingRecord | undefined {
    this.#catchUpRouting();
    return this.#latestRouting.get(JSON.stringify([documentNumber, type]));
  }

  /** True when a presentation already used this (lower-cased) request id. */
  presentationRequestIdUsed(requestId: string): boolean {
    const ids = this.state.presentationRequestIds;
    if (ids.length < this.#presentationRequestIdsSeen) {
      this.#presentationRequestIds.clear();
      this.#presentationRequestIdsSeen = 0;
    }
    for (let i = this.#presentationRequestIdsSeen; i < ids.length; i++) this.#presentationRequestIds.add(ids[i] as string);
    this.#presentationRequestIdsSeen = ids.length;
    return this.#presentationRequestIds.has(requestId.toLowerCase());
  }

  /** House keys (`documentNumber|type`) an organisation has presented. */
  presented(org: string): ReadonlySet<string> {
    const list = this.state.presented[org] ?? [];
    let entry = this.#presented.get(org);
    if (entry === undefined || entry.list !== list || list.length < entry.seen) {
      entry = { list, seen: 0, set: new Set() };
      this.#presented.set(org, entry);
    }
    for (let i = entry.seen; i < list.length; i++) entry.set.add(list[i] as string);
    entry.seen = list.length;
    return entry.set;
  }
}
