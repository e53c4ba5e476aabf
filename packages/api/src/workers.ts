/** Attaches this process's job workers (processes with role 'all' or 'worker'). */
import { QUEUES } from '@sentinel/jobs';
import type { AppServices } from './core/services.ts';
import { runCleanup } from './maintenance/cleanup.ts';
import { escalateAlerts } from './alerts/escalation.ts';
import { markMissedAttendance } from './attendance/missed.ts';
import { collectMetricsSample } from './system/metrics.ts';
import { runExportJob } from './exports/job.ts';
import { purgeExpiredExports } from './exports/cleanup.ts';
import { purgeAbandonedUploads } from './files/service.ts';
import { checkCameras, scheduleWatchdog } from './media/watchdog.ts';

/** Attaches the workers; the returned function stops the timers they started (the watchdog's). */
export async function registerWorkers(app: AppServices): Promise<() => void> {
  await app.jobs.work(QUEUES.maintenanceCleanup.name, async () => {
    const removed = await runCleanup(app);
    app.logger.info({ queue: QUEUES.maintenanceCleanup.name, removed }, 'cleanup done');
    return removed;
  });
  await app.jobs.work(QUEUES.alertsEscalate.name, async () => {
    const escalated = await escalateAlerts(app);
    if (escalated.alerts) app.logger.info({ queue: QUEUES.alertsEscalate.name, ...escalated }, 'alerts escalated');
    return escalated;
  });
  await app.jobs.work(QUEUES.attendanceMarkMissed.name, async () => {
    const result = await markMissedAttendance(app);
    if (result.marked) app.logger.info({ queue: QUEUES.attendanceMarkMissed.name, ...result }, 'attendance marked missed');
    return result;
  });
  await app.jobs.work(QUEUES.systemCollectMetrics.name, async () => {
    const sample = await collectMetricsSample(app);
    return { sampledAt: sample.sampledAt, cpu: sample.cpu.percent, memory: sample.memory.percent };
  });
  await app.jobs.work(QUEUES.exportsGenerate.name, (data) => runExportJob(app, String(data.jobId)));
  await app.jobs.work(QUEUES.exportsCleanup.name, async () => {
    const result = { ...(await purgeExpiredExports(app)), abandonedUploads: await purgeAbandonedUploads(app) };
    if (result.exports || result.abandonedUploads) app.logger.info({ queue: QUEUES.exportsCleanup.name, ...result }, 'expired exports and uploads removed');
    return result;
  });
  await app.jobs.work(QUEUES.cameraWatchdog.name, async () => {
    const round = await checkCameras(app, { origin: 'watchdog' });
    if (round.wentOffline.length || round.cameOnline.length) app.logger.info({ queue: QUEUES.cameraWatchdog.name, wentOffline: round.wentOffline, cameOnline: round.cameOnline }, 'camera status changed');
    return { checked: round.checked, online: round.online, failed: round.failed.length };
  });
  return scheduleWatchdog(app);
}
