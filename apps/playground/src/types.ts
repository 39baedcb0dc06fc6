import type { PlaygroundClock } from './lib/clock.js';
import type { PlaygroundCounters } from './lib/counters.js';
import type { FaultConfig } from './lib/faults.js';
import type { DemoClient } from './maskinporten/demo-client.js';

export type { FaultConfig } from './lib/faults.js';
export type { PlaygroundClock } from './lib/clock.js';
export type { CountersSnapshot, PlaygroundCounters } from './lib/counters.js';
export type { DemoClient } from './maskinporten/demo-client.js';

/** Options of {@link startPlayground}. Every field is optional. */
export interface PlaygroundOptions {
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Delay before MO/presentation/relation/arrival requests are processed (validation-status is 404 until then). Default 0. */
  validationDelayMs?: number;
  /** Folder for the demo client and the token signing key. Default: a temporary folder removed on `close()`. */
  dataDir?: string;
  /**
   * JSON file the state is persisted to (survives restarts): rewritten at most once a second while it changes, and
   * on `close()`; a killed process loses at most the last second. Default: in memory only.
   */
  stateFile?: string;
  /** Fault injection from the start. */
  faults?: FaultConfig;
  /** Base time source (epoch ms); the playground clock adds its own offset. Default `Date.now`. */
  now?: () => number;
  /** `expires_in` of Customs tokens from the token exchange. Default 970. */
  customsTokenLifetimeSeconds?: number;
  /** `expires_in` of Maskinporten access tokens. Default 120. */
  maskinportenTokenLifetimeSeconds?: number;
  /** Largest accepted request body in bytes (413 above). Default 5 MiB. */
  bodyLimitBytes?: number;
  /** Bring: admitted requests per API uid per second (429 above). Default 10; 0 = unlimited. */
  bringRateLimitPerSecond?: number;
  /**
   * B8: check every road transport with countryCode NO against the vehicle register
   * (`data/reference/vehicle-register.csv`), as Customs does. Default `false`: test suites (Tollkit's own included)
   * make up plates; the command turns it on with `--vehicle-register`.
   */
  vehicleRegister?: boolean;
  /** Extra Maskinporten clients registered at start. */
  clients?: RegisterClientInput[];
  /** Log sink for unexpected errors (never receives secrets). Default: stderr. */
  log?: (line: string) => void;
}

/** A Maskinporten client to register: a certificate (for `x5c` grants) and/or a JWK (for `kid` grants). */
export interface RegisterClientInput {
  clientId: string;
  orgNumber: string;
  scopes: readonly string[];
  certificatePem?: string;
  jwk?: Record<string, unknown>;
  kid?: string;
}

/** What `arriveTransport` did. */
export interface ArrivalResult {
  transportMrn: string;
  arrivedAt: string;
  /** Routing items created by this arrival. */
  routed: { documentNumber: string; type: string; routing: string; routingControlLocation?: string; id: string }[];
}

/** A running playground. */
export interface Playground {
  /** Digitoll base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly maskinporten: { tokenUrl: string; audience: string };
  /** Bring base URL (`POST ${bringUrl}/customs/v1/declarations`). */
  readonly bringUrl: string;
  readonly demoClient: DemoClient;
  readonly counters: PlaygroundCounters;
  readonly clock: PlaygroundClock;
  /** Registers (or replaces) a Maskinporten client. */
  registerClient(input: RegisterClientInput): void;
  /** Issues a Customs token directly (for tests that are not about auth). */
  issueCustomsToken(input: { orgNumber: string; scopes: readonly string[]; expiresInSeconds?: number }): Promise<string>;
  /** Makes a transport arrive now: routes its houses; entry status becomes available. */
  arriveTransport(transportMrn: string, options?: { customsOfficeOfEntry?: string }): ArrivalResult;
  /** Replaces the fault settings (`{}` clears them). */
  setFaults(faults: FaultConfig): void;
  /** Processes every pending asynchronous request now, regardless of the validation delay. */
  processPending(): void;
  /** Stops the server (persisting the state when a state file is configured). */
  close(): Promise<void>;
}
