/**
 * Every background queue of the system, created at boot (dead-letter queue first) with its retry policy,
 * so the queues exist and are visible even while idle.
 */
export interface QueueSpec {
  name: string;
  description: string;
  retryLimit: number;
  retryDelay: number;
  expireInSeconds: number;
  /** a cron schedule (UTC) when the queue is fed by the scheduler */
  cron?: string;
}

export const QUEUES = {
  maintenanceCleanup: {
    name: 'maintenance.cleanup',
    description: 'Deletes expired sessions, reset tokens, idempotency keys and rate-limit windows',
    retryLimit: 3,
    retryDelay: 30,
    expireInSeconds: 300,
    cron: '*/10 * * * *',
  },
  detectionCapture: { name: 'detection.capture', description: 'Grabs a frame and sends it to the detection provider', retryLimit: 3, retryDelay: 5, expireInSeconds: 120 },
  detectionHeartbeat: { name: 'detection.heartbeat', description: 'Checks the detection provider health', retryLimit: 1, retryDelay: 10, expireInSeconds: 60 },
  odooSync: { name: 'odoo.sync', description: 'Pushes attendance to Odoo hr.attendance', retryLimit: 5, retryDelay: 30, expireInSeconds: 600 },
  exportsGenerate: { name: 'exports.generate', description: 'Builds CSV/PDF exports', retryLimit: 2, retryDelay: 10, expireInSeconds: 1800 },
  exportsCleanup: {
    name: 'exports.cleanup',
    description: 'Deletes export files and jobs past EXPORT_RETENTION_HOURS, and uploads (POST /files) never completed',
    retryLimit: 2,
    retryDelay: 60,
    expireInSeconds: 600,
    cron: '*/15 * * * *',
  },
  alertsEscalate: {
    name: 'alerts.escalate',
    description: 'Notifies every Admin of critical alerts left unacknowledged (ALERT_ESCALATE_AFTER_MINUTES)',
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 120,
    cron: '* * * * *',
  },
  systemCollectMetrics: {
    name: 'system.collect-metrics',
    description: 'Samples CPU, memory, disk, network and GPU; prunes samples past METRICS_RETENTION_HOURS',
    retryLimit: 1,
    retryDelay: 10,
    expireInSeconds: 60,
    cron: '* * * * *',
  },
  cameraWatchdog: { name: 'camera.watchdog', description: 'Probes enabled cameras and flags offline ones', retryLimit: 1, retryDelay: 10, expireInSeconds: 300 },
  attendanceMarkMissed: {
    name: 'attendance.mark-missed',
    description: 'Marks missed for registered people with no sighting by the end of their shift',
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 300,
    cron: '*/5 * * * *',
  },
} as const satisfies Record<string, QueueSpec>;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]['name'];

export const ALL_QUEUES: readonly QueueSpec[] = Object.values(QUEUES);

export const deadLetterOf = (name: string): string => `${name}.dead`;
