/**
 * Live attendance events for dashboards. Published only after the change committed: the embedded database
 * has a single connection, so publishing from inside a transaction would wait on itself. A failed publish
 * is logged, never turned into a failed request: the change itself is safely stored.
 */
import type { TAttendanceLog } from '@sentinel/contracts';
import type { AppServices } from '../core/services.ts';

export type AttendanceDeps = Pick<AppServices, 'db' | 'events' | 'logger'>;

export async function publishAttendance(deps: AttendanceDeps, log: TAttendanceLog, change: 'recorded' | 'voided'): Promise<void> {
  try {
    await deps.events.publish({ type: 'attendance', log: { ...log, change } });
  } catch (err) {
    deps.logger.warn({ err, attendanceId: log.id }, 'attendance event not published');
  }
}
