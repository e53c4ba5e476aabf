/** The application router: one sub-router per domain. Clients import only `type AppRouter`. */
import { router } from './core/trpc.ts';
import { authRouter } from './auth/router.ts';
import { usersRouter } from './users/router.ts';
import { rolesRouter } from './roles/router.ts';
import { camerasRouter } from './cameras/router.ts';
import { auditRouter } from './audit/router.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  roles: rolesRouter,
  cameras: camerasRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
