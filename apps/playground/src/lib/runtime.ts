import type { PlaygroundClock } from './clock.js';
import type { Counters } from './counters.js';
import type { FaultInjector } from './faults.js';
import type { SigningKey } from './signing-key.js';
import type { Graph } from './graph.js';
import type { PlaygroundState } from './state.js';
import type { StateIndex } from './state-index.js';

/** Settings that shape the simulated behaviour. */
export interface RuntimeSettings {
  customsTokenLifetimeSeconds: number;
  maskinportenTokenLifetimeSeconds: number;
  bodyLimitBytes: number;
  validationDelayMs: number;
  /** B8: check road transports with countryCode NO against the vehicle register (`data/reference/vehicle-register.csv`). */
  vehicleRegister: boolean;
}

/** What every handler can reach: the state, the clock and the server's identity. */
export interface Runtime {
  readonly clock: PlaygroundClock;
  readonly state: PlaygroundState;
  readonly signingKey: SigningKey;
  readonly counters: Counters;
  readonly faults: FaultInjector;
  readonly settings: RuntimeSettings;
  /** Lookups over `state` kept between requests (see `StateIndex`). */
  readonly index: StateIndex;
  /** Link resolution over the current state, on the shared index. */
  graph(): Graph;
  /** Base URL (`http://127.0.0.1:<port>`). */
  baseUrl(): string;
  /** Maskinporten issuer identifier = required grant `aud` (`<base>/maskinporten/`). */
  maskinportenAudience(): string;
  /** Issuer of Customs tokens. */
  customsIssuer(): string;
  /** Marks the state as changed (persisted when a state file is configured). */
  changed(): void;
  /** Validation delay currently in force (faults may override the option). */
  validationDelayMs(): number;
  /** Queues asynchronous processing of a request. */
  enqueue(requestId: string): void;
}
