/**
 * @tollkit/playground — a local simulator of Digitoll (Norwegian Customs), Maskinporten and Bring's Customs API.
 * Public API: {@link startPlayground}.
 */
export { startPlayground } from './start-playground.js';
export type { ArrivalResult, Playground, PlaygroundOptions, RegisterClientInput } from './types.js';
export type { CountersSnapshot, DemoClient, FaultConfig, PlaygroundClock, PlaygroundCounters } from './types.js';
export { PlaygroundError, type PlaygroundErrorCode } from './errors.js';
export { DATASET, type DatasetRow } from './lib/dataset.js';
export { PLAYGROUND_REFERENCE } from './lib/message-rules.js';
export { ALL_SCOPES, ENTRY_SCOPES, MODE_API } from './lib/domain.js';
export { createGrant, type CreateGrantOptions } from './create-grant.js';
