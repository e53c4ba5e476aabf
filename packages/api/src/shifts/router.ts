/**
 * /shifts: shift schedules (read by anyone with attendance:read; written with settings:write, which only the
 * Admin role has among the built-in roles). GET /system/shifts is the plan's alias of GET /shifts: a second
 * procedure calling the same service function, so both answer identically.
 */
import { z } from 'zod';
import { ZCreateShiftRequestSchema, ZIdParamSchema, ZShiftScheduleSchema, ZUpdateShiftRequestSchema } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as shifts from './service.ts';

const TAG = ['Shifts'];
const LIST_SUMMARY = 'Shift schedules (times in the site time zone)';

export const shiftsRouter = router({
  list: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/shifts', tags: TAG, summary: LIST_SUMMARY, protect: true }, permission: 'attendance:read' })
    .input(z.void())
    .output(z.array(ZShiftScheduleSchema))
    .query(({ ctx }) => shifts.listShiftSchedules(ctx.app.db)),

  systemList: authedProcedure
    .meta({ openapi: { method: 'GET', path: '/system/shifts', tags: TAG, summary: `${LIST_SUMMARY}: alias of GET /shifts`, protect: true }, permission: 'attendance:read' })
    .input(z.void())
    .output(z.array(ZShiftScheduleSchema))
    .query(({ ctx }) => shifts.listShiftSchedules(ctx.app.db)),

  create: authedProcedure
    .meta({
      openapi: { method: 'POST', path: '/shifts', tags: TAG, summary: 'Add a shift (409 on a duplicate name or a department already covered that weekday)', protect: true },
      permission: 'settings:write',
      successStatus: 201,
    })
    .input(ZCreateShiftRequestSchema)
    .output(ZShiftScheduleSchema)
    .mutation(({ ctx, input }) => shifts.createShiftSchedule(ctx.app.db, input, actorOf(ctx))),

  update: authedProcedure
    .meta({ openapi: { method: 'PUT', path: '/shifts/{id}', tags: TAG, summary: 'Change a shift (fields left out keep their value)', protect: true }, permission: 'settings:write' })
    .input(ZUpdateShiftRequestSchema)
    .output(ZShiftScheduleSchema)
    .mutation(({ ctx, input }) => shifts.updateShiftSchedule(ctx.app.db, input, actorOf(ctx))),

  delete: authedProcedure
    .meta({ openapi: { method: 'DELETE', path: '/shifts/{id}', tags: TAG, summary: 'Delete a shift', protect: true }, permission: 'settings:write', successStatus: 204 })
    .input(ZIdParamSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => shifts.deleteShiftSchedule(ctx.app.db, input.id, actorOf(ctx))),
});
