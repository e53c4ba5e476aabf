/**
 * Aggregated latency: database round trips from the metric samples of the last hour, and HTTP request
 * durations from this process's Prometheus histogram (all routes together).
 */
import type { TNetworkLatency } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';
import { dbLatenciesSince } from './samples-repository.ts';

export const LATENCY_WINDOW_MINUTES = 60;
const HTTP_HISTOGRAM = 'http_request_duration_seconds';

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Nearest-rank percentile of raw values. */
export function percentile(values: readonly number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export interface Bucket {
  /** upper bound; Infinity for +Inf */
  le: number;
  /** cumulative count */
  count: number;
}

/** Like PromQL histogram_quantile: linear interpolation inside the bucket holding the rank. */
export function histogramQuantile(buckets: readonly Bucket[], q: number): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (!Number.isFinite(b.le)) return lowerBound; // in +Inf: the highest finite bound is all we know
      return lowerBound + ((b.le - lowerBound) * (rank - lowerCount)) / Math.max(1, b.count - lowerCount);
    }
    lowerBound = b.le;
    lowerCount = b.count;
  }
  return lowerBound;
}

async function httpLatency(metrics: AppServices['metrics']): Promise<TNetworkLatency['http']> {
  const metric = metrics.registry.getSingleMetric(HTTP_HISTOGRAM);
  const empty = { count: 0, p50Ms: null, p95Ms: null, meanMs: null };
  if (!metric) return empty;
  const { values } = await metric.get();
  const byBound = new Map<number, number>();
  let sum = 0;
  let count = 0;
  for (const v of values as { value: number; labels: Record<string, string | number>; metricName?: string }[]) {
    if (v.metricName === `${HTTP_HISTOGRAM}_bucket`) {
      const le = v.labels.le === '+Inf' ? Infinity : Number(v.labels.le);
      byBound.set(le, (byBound.get(le) ?? 0) + v.value);
    } else if (v.metricName === `${HTTP_HISTOGRAM}_sum`) sum += v.value;
    else if (v.metricName === `${HTTP_HISTOGRAM}_count`) count += v.value;
  }
  if (count === 0) return empty;
  const buckets = [...byBound].map(([le, c]) => ({ le, count: c }));
  const ms = (seconds: number | null) => (seconds === null ? null : round2(seconds * 1000));
  return { count, p50Ms: ms(histogramQuantile(buckets, 0.5)), p95Ms: ms(histogramQuantile(buckets, 0.95)), meanMs: round2((sum / count) * 1000) };
}

export async function networkLatency(app: Pick<AppServices, 'db' | 'metrics'>, now = new Date()): Promise<TNetworkLatency> {
  const since = new Date(now.getTime() - LATENCY_WINDOW_MINUTES * 60_000);
  const [{ latencies, latest }, http] = await Promise.all([dbLatenciesSince(app.db, since), httpLatency(app.metrics)]);
  const p = (q: number) => {
    const v = percentile(latencies, q);
    return v === null ? null : round2(v);
  };
  return {
    database: {
      count: latencies.length,
      p50Ms: p(0.5),
      p95Ms: p(0.95),
      meanMs: latencies.length ? round2(latencies.reduce((a, b) => a + b, 0) / latencies.length) : null,
      latestMs: latest === null ? null : round2(latest),
      windowMinutes: LATENCY_WINDOW_MINUTES,
    },
    http,
  };
}
