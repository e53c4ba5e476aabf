/**
 * /history/person/{employeeId}: a person's sightings, manual attendance entries and alerts. Needs
 * attendance:read: the page answers "where and when was this person", which is attendance data (faces:read
 * is about the registry's images). The timeline is declared first so its longer path is matched first.
 */
import {
  ZPersonHistoryEntrySchema, ZPersonHistoryRequestSchema, ZPersonTimelineRequestSchema, ZPersonTimelineSchema, zPage,
} from '@sentinel/contracts';
import { authedProcedure, router } from '../core/trpc.ts';
import * as history from './service.ts';

const TAG = ['History'];

export const historyRouter = router({
  timeline: authedProcedure
    .meta({
      openapi: { method: 'GET', path: '/history/person/{employeeId}/timeline', tags: TAG, summary: "A person's events oldest first (default: the last 7 days)", protect: true },
      permission: 'attendance:read',
    })
    .input(ZPersonTimelineRequestSchema)
    .output(ZPersonTimelineSchema)
    .query(({ ctx, input }) => history.personTimeline(ctx.app, input)),

  person: authedProcedure
    .meta({
      openapi: { method: 'GET', path: '/history/person/{employeeId}', tags: TAG, summary: "A person's sightings, manual entries and alerts, newest first", protect: true },
      permission: 'attendance:read',
      envelope: 'page',
    })
    .input(ZPersonHistoryRequestSchema)
    .output(zPage(ZPersonHistoryEntrySchema))
    .query(({ ctx, input }) => history.personHistory(ctx.app, input)),
});
