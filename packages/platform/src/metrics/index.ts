export { type ApiMetrics, createApiMetrics } from './api-metrics.ts';
export { scrapeCluster, scrapeRegistry, serveMetrics, shareWithClusterPrimary } from './metrics-server.ts';
