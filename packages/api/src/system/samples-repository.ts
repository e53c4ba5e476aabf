/** SQL for system_metric_samples: write a sample, prune old ones, read series and recent latencies. */
import type { Database, Kysely, Transaction } from '@sentinel/db';
import type { TSystemHealthMetric } from '@sentinel/contracts';

type Db = Kysely<Database> | Transaction<Database>;

const COLUMNS = [
  'id', 'sampled_at', 'host', 'cpu_percent', 'cpu_cores', 'cpu_total_ms', 'cpu_idle_ms', 'load_avg', 'memory_used_bytes', 'memory_total_bytes',
  'disk_used_bytes', 'disk_total_bytes', 'net_rx_bytes', 'net_tx_bytes', 'net_rx_rate', 'net_tx_rate', 'gpu_name', 'gpu_percent',
  'gpu_memory_percent', 'db_latency_ms',
] as const;

function base(db: Db) {
  return db.selectFrom('system_metric_samples').select(COLUMNS);
}

export type SampleRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;
export type SampleWrite = Omit<SampleRow, 'id'>;

const round1 = (v: number) => Math.round(v * 10) / 10;
const percentOf = (used: number, total: number) => (total > 0 ? round1((100 * used) / total) : 0);

export function toHealthMetric(r: SampleRow): TSystemHealthMetric {
  const hasDisk = r.disk_used_bytes !== null && r.disk_total_bytes !== null;
  const hasNet = r.net_rx_rate !== null && r.net_tx_rate !== null;
  return {
    sampledAt: r.sampled_at.toISOString(),
    host: r.host,
    cpu: { percent: round1(r.cpu_percent), cores: r.cpu_cores, loadAverage: r.load_avg.map(round1) },
    memory: { percent: percentOf(r.memory_used_bytes, r.memory_total_bytes), usedBytes: r.memory_used_bytes, totalBytes: r.memory_total_bytes },
    disk: hasDisk ? { percent: percentOf(r.disk_used_bytes!, r.disk_total_bytes!), usedBytes: r.disk_used_bytes!, totalBytes: r.disk_total_bytes! } : null,
    network: hasNet ? { rxBytesPerSecond: Math.round(r.net_rx_rate!), txBytesPerSecond: Math.round(r.net_tx_rate!) } : null,
    gpu: r.gpu_name === null
      ? { available: false, name: null, percent: null, memoryPercent: null }
      : { available: true, name: r.gpu_name, percent: r.gpu_percent, memoryPercent: r.gpu_memory_percent },
    dbLatencyMs: r.db_latency_ms === null ? null : Math.round(r.db_latency_ms * 100) / 100,
  };
}

export async function latestSampleOfHost(db: Db, host: string): Promise<SampleRow | undefined> {
  return base(db).where('host', '=', host).orderBy('sampled_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function insertSample(db: Db, sample: SampleWrite): Promise<SampleRow> {
  const { id } = await db.insertInto('system_metric_samples').values(sample).returning('id').executeTakeFirstOrThrow();
  return { id, ...sample };
}

export async function deleteSamplesBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('system_metric_samples').where('sampled_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The latest `limit` samples in the range, oldest first (a chart's order). */
export async function listSamples(db: Db, q: { from?: Date | undefined; to?: Date | undefined; limit: number }): Promise<SampleRow[]> {
  let query = base(db);
  if (q.from) query = query.where('sampled_at', '>=', q.from);
  if (q.to) query = query.where('sampled_at', '<=', q.to);
  const rows = await query.orderBy('sampled_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.reverse();
}

/** The two most recent samples of the host that sampled last: [latest, previous]. */
export async function latestTwoSamples(db: Db): Promise<SampleRow[]> {
  const latest = await base(db).orderBy('sampled_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!latest) return [];
  return base(db).where('host', '=', latest.host).orderBy('sampled_at', 'desc').orderBy('id', 'desc').limit(2).execute();
}

export async function dbLatenciesSince(db: Db, since: Date): Promise<{ latencies: number[]; latest: number | null }> {
  const rows = await db
    .selectFrom('system_metric_samples')
    .select('db_latency_ms')
    .where('sampled_at', '>=', since)
    .where('db_latency_ms', 'is not', null)
    .orderBy('sampled_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const latencies = rows.map((r) => r.db_latency_ms!);
  return { latencies, latest: latencies[0] ?? null };
}
