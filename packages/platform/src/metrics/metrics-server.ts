import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, type Registry } from 'prom-client';

type Scrape = () => Promise<{ contentType: string; body: string }>;

/**
 * `GET /metrics` on its own (internal) port: Prometheus scrapes it; the public API port never
 * serves it. Anything else is a 404; a failed collection a 500 with the reason in plain text.
 */
export function serveMetrics(port: number, host: string, scrape: Scrape): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    scrape().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${error.message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** One process: its own registry. */
export const scrapeRegistry =
  (registry: Registry): Scrape =>
  async () => ({
    contentType: registry.contentType,
    body: await registry.metrics(),
  });

/**
 * The node:cluster primary: asks every API process for its registry over IPC and merges them
 * (counters and histograms summed; database-read gauges taken once, see api-metrics.ts). Each
 * worker process must call `shareWithClusterPrimary` for its registry to answer.
 */
export function scrapeCluster(): Scrape {
  const aggregator = new AggregatorRegistry();
  return async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() });
}

export function shareWithClusterPrimary(registry: Registry) {
  // prom-client installs a worker's answering listener only when an AggregatorRegistry is built.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}
