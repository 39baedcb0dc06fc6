/** The long-running adapter service and what it is built from. */
export { startService, type RunningService, type ServiceChannel, type ServiceOptions } from './start-service.js';
export { createLogger } from './create-logger.js';
export { connectPlayground, pipelineClient, type PlaygroundEndpoints } from './connect-playground.js';
export { createAdapterMetrics, type AdapterMetrics } from './lib/metrics.js';
export { ServiceStatus, type ServiceStatusView, type ChannelHealth, type CustomsReachability } from './lib/service-status.js';
