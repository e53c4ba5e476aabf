/** The application router: one sub-router per domain. Clients import only `type AppRouter`. */
import { router } from './core/trpc.ts';
import { authRouter } from './auth/router.ts';
import { usersRouter } from './users/router.ts';
import { rolesRouter } from './roles/router.ts';
import { camerasRouter } from './cameras/router.ts';
import { auditRouter } from './audit/router.ts';
import { facesRouter } from './faces/router.ts';
import { realtimeRouter } from './realtime/router.ts';
import { alertsRouter } from './alerts/router.ts';
import { notificationsRouter } from './notifications/router.ts';
import { bannersRouter } from './banners/router.ts';
import { attendanceRouter } from './attendance/router.ts';
import { shiftsRouter } from './shifts/router.ts';
import { historyRouter } from './history/router.ts';
import { systemRouter } from './system/router.ts';
import { settingsRouter } from './settings/router.ts';
import { i18nRouter } from './i18n/router.ts';
import { developerRouter } from './developer/router.ts';
import { exportsRouter } from './exports/router.ts';
import { filesRouter } from './files/router.ts';
import { mediaRouter } from './media/router.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  roles: rolesRouter,
  cameras: camerasRouter,
  audit: auditRouter,
  faces: facesRouter,
  realtime: realtimeRouter,
  alerts: alertsRouter,
  notifications: notificationsRouter,
  banners: bannersRouter,
  attendance: attendanceRouter,
  shifts: shiftsRouter,
  history: historyRouter,
  system: systemRouter,
  settings: settingsRouter,
  i18n: i18nRouter,
  developer: developerRouter,
  exports: exportsRouter,
  files: filesRouter,
  media: mediaRouter,
});

export type AppRouter = typeof appRouter;
