/** Prometheus metrics: HTTP durations per route and status, job counts per queue, database pool state. */
import client from 'prom-client';
import type { DatabaseHandle } from '@sentinel/db';
import type { JobsHandle } from '@sentinel/jobs';

export interface Metrics {
  registry: client.Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(database: DatabaseHandle, jobs: JobsHandle): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const http = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'job_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await jobs.counts().catch(() => ({}));
      for (const [queue, c] of Object.entries(counts)) {
        for (const [state, n] of Object.entries(c)) this.set({ queue, state }, n);
      }
    },
  });
  new client.Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = database.pool;
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      http.observe({ method, route, status: String(status) }, seconds);
    },
  };
}
