/** Tables of the system and settings domains (see db/migrations/20261125000500-SystemSettings.ts). */
import type { ColumnType, Generated } from 'kysely';

type BigCount = ColumnType<number, number, number>;
type NullableBigCount = ColumnType<number | null, number | null | undefined, number | null>;

export interface SystemMetricSamplesTable {
  id: Generated<number>;
  sampled_at: ColumnType<Date, Date | string | undefined, Date | string>;
  host: string;
  cpu_percent: number;
  cpu_cores: number;
  /** cumulative CPU time of every core since boot (ms), for the next sample's delta */
  cpu_total_ms: BigCount;
  cpu_idle_ms: BigCount;
  load_avg: ColumnType<number[], number[] | undefined, number[]>;
  memory_used_bytes: BigCount;
  memory_total_bytes: BigCount;
  disk_used_bytes: NullableBigCount;
  disk_total_bytes: NullableBigCount;
  /** cumulative interface counters (loopback excluded); null where /proc/net/dev is absent */
  net_rx_bytes: NullableBigCount;
  net_tx_bytes: NullableBigCount;
  /** bytes per second since the previous sample of the same host */
  net_rx_rate: number | null;
  net_tx_rate: number | null;
  gpu_name: string | null;
  gpu_percent: number | null;
  gpu_memory_percent: number | null;
  db_latency_ms: number | null;
}

export interface UserPreferencesTable {
  user_id: string;
  /** only the keys the user set; defaults fill the rest on read */
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

export interface LanguagesTable {
  code: string;
  label: string;
  is_default: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SystemTables {
  system_metric_samples: SystemMetricSamplesTable;
  user_preferences: UserPreferencesTable;
  languages: LanguagesTable;
}
