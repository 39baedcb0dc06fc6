import { houseKeyOf, representativeOrg } from './domain.js';
import type { Graph } from './graph.js';
import type { Runtime } from './runtime.js';
import type { NotificationRecord } from './state.js';

/** True when `org` submitted `n` or is named as its representative. */
export function isPartyOf(n: NotificationRecord | undefined, org: string): boolean {
  return n !== undefined && (n.submitterOrg === org || representativeOrg(n.body) === org);
}

/**
 * Who may see a notification through the query API (issue 16 item 9; the playground applies the routing page's
 * rule, `fremlegging-og-kontrolldirigering-EN.html` "Who Can Request Routing?", to every query): the submitter or
 * representative of the notification itself, of a master it hangs under, or of a transport it is on; for a house
 * also an organisation that presented it. Anyone else is answered as if the MRN did not exist.
 */
export function mayQuery(rt: Runtime, graph: Graph, org: string, n: NotificationRecord): boolean {
  if (isPartyOf(n, org)) return true;
  if (n.level === 'master-consignment') return graph.transportsOfMaster(n).some((t) => isPartyOf(t, org));
  if (n.level === 'house-consignment') {
    if (graph.transportsOfHouse(n).some((t) => isPartyOf(t, org))) return true;
    if (graph.mastersOfHouse(n).some((m) => isPartyOf(m, org))) return true;
    const key = houseKeyOf(n.body);
    return key !== undefined && rt.index.presented(org).has(`${key.documentNumber}|${key.type}`);
  }
  return false;
}
