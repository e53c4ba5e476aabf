/**
 * Resource samples: the system.collect-metrics job takes one per run (every minute), keeps
 * METRICS_RETENTION_HOURS of them and publishes it on the system-metrics channel; the health endpoints
 * read them back as series. Rates (CPU, network) are deltas against the previous sample of the same host,
 * so they cover the whole interval rather than an instant.
 */
import os from 'node:os';
import type { TListHealthMetricsRequest, TNetworkMetric, TSystemHealthMetric } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';
import * as machine from './machine.ts';
import * as repo from './samples-repository.ts';

export type SamplerDeps = Pick<AppServices, 'db' | 'database' | 'config' | 'events' | 'logger'>;

/** A previous sample further back than this is too old to take a rate against. */
const MAX_DELTA_MS = 15 * 60_000;
/** Without a usable previous sample, CPU is measured over this window. */
const CPU_WINDOW_MS = 250;

async function measureDbLatency(deps: SamplerDeps): Promise<number | null> {
  const started = performance.now();
  try {
    await deps.database.query('SELECT 1');
    return performance.now() - started;
  } catch {
    return null;
  }
}

async function cpuPercentSince(previous: repo.SampleRow | undefined, now: Date): Promise<{ percent: number; times: machine.CpuTimes }> {
  const times = machine.cpuTimes();
  if (previous && now.getTime() - previous.sampled_at.getTime() <= MAX_DELTA_MS) {
    const percent = machine.busyPercent({ totalMs: previous.cpu_total_ms, idleMs: previous.cpu_idle_ms }, times);
    if (percent !== undefined) return { percent, times };
  }
  await new Promise((resolve) => setTimeout(resolve, CPU_WINDOW_MS));
  const later = machine.cpuTimes();
  return { percent: machine.busyPercent(times, later) ?? machine.loadPercent(), times: later };
}

function ratePerSecond(current: number | null, previous: number | null, seconds: number): number | null {
  if (current === null || previous === null || current < previous || seconds <= 0) return null; // counters reset
  return (current - previous) / seconds;
}

/** Takes, stores and publishes one sample, and prunes those past the retention. */
export async function collectMetricsSample(deps: SamplerDeps): Promise<TSystemHealthMetric> {
  const host = os.hostname();
  const previous = await repo.latestSampleOfHost(deps.db, host);
  const started = new Date();
  const [cpu, disk, net, gpu, dbLatencyMs] = await Promise.all([
    cpuPercentSince(previous, started),
    machine.disk(deps.config.DATA_DIR),
    machine.networkCounters(),
    machine.gpu(),
    measureDbLatency(deps),
  ]);
  const sampledAt = new Date();
  const memory = machine.memory();
  const elapsed = previous ? (sampledAt.getTime() - previous.sampled_at.getTime()) / 1000 : 0;
  const comparable = previous !== undefined && elapsed * 1000 <= MAX_DELTA_MS;
  const sample: repo.SampleWrite = {
    sampled_at: sampledAt,
    host,
    cpu_percent: cpu.percent,
    cpu_cores: os.availableParallelism(),
    cpu_total_ms: cpu.times.totalMs,
    cpu_idle_ms: cpu.times.idleMs,
    load_avg: os.loadavg(),
    memory_used_bytes: memory.usedBytes,
    memory_total_bytes: memory.totalBytes,
    disk_used_bytes: disk?.usedBytes ?? null,
    disk_total_bytes: disk?.totalBytes ?? null,
    net_rx_bytes: net?.rxBytes ?? null,
    net_tx_bytes: net?.txBytes ?? null,
    net_rx_rate: comparable ? ratePerSecond(net?.rxBytes ?? null, previous.net_rx_bytes, elapsed) : null,
    net_tx_rate: comparable ? ratePerSecond(net?.txBytes ?? null, previous.net_tx_bytes, elapsed) : null,
    gpu_name: gpu.available ? gpu.name ?? 'GPU' : null,
    gpu_percent: gpu.percent,
    gpu_memory_percent: gpu.memoryPercent,
    db_latency_ms: dbLatencyMs,
  };
  const cutoff = new Date(sampledAt.getTime() - deps.config.METRICS_RETENTION_HOURS * 3600_000);
  const row = await deps.db.transaction().execute(async (trx) => {
    const inserted = await repo.insertSample(trx, sample);
    await repo.deleteSamplesBefore(trx, cutoff);
    return inserted;
  });
  const metric = repo.toHealthMetric(row);
  try {
    await deps.events.publish({ type: 'system-metrics', metrics: metric });
  } catch (err) {
    deps.logger.warn({ err }, 'system-metrics event not published');
  }
  return metric;
}

export async function listHealthMetrics(db: AppServices['db'], q: TListHealthMetricsRequest): Promise<TSystemHealthMetric[]> {
  const rows = await repo.listSamples(db, { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: q.limit });
  return rows.map(repo.toHealthMetric);
}

function networkMetric(id: string, label: string, unit: string, current: number | null, previous: number | null): TNetworkMetric {
  const round = (v: number) => Math.round(v * 10) / 10;
  const change = current !== null && previous !== null ? round(current - previous) : 0;
  return { id, label, value: current === null ? null : round(current), unit, trend: change > 0 ? 'up' : change < 0 ? 'down' : 'flat', change };
}

/** Throughput and database round trip from the last two samples, with their change. */
export async function networkMetrics(db: AppServices['db']): Promise<TNetworkMetric[]> {
  const [latest, previous] = (await repo.latestTwoSamples(db)).map(repo.toHealthMetric);
  const kib = (v: number | undefined) => (v === undefined ? null : v / 1024);
  return [
    networkMetric('NET-RX', 'Throughput in', 'KiB/s', kib(latest?.network?.rxBytesPerSecond), kib(previous?.network?.rxBytesPerSecond)),
    networkMetric('NET-TX', 'Throughput out', 'KiB/s', kib(latest?.network?.txBytesPerSecond), kib(previous?.network?.txBytesPerSecond)),
    networkMetric('DB-RTT', 'Database round trip', 'ms', latest?.dbLatencyMs ?? null, previous?.dbLatencyMs ?? null),
  ];
}
