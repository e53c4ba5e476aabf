/**
 * A person's history: where and when the cameras saw them, the manual attendance entries made for them,
 * and the alerts raised about them, as one list (newest first) or one timeline (oldest first).
 */
import { z } from 'zod';
import { ZPageQuerySchema, zIsoDateTime } from './common.ts';

export const HISTORY_ENTRY_TYPES = ['sighting', 'manual', 'alert'] as const;

export const ZPersonHistoryEntrySchema = z.object({
  id: z.string().describe('id of the detection, attendance record or alert'),
  type: z.enum(HISTORY_ENTRY_TYPES),
  timestamp: z.string().describe('ISO 8601 UTC'),
  employeeId: z.string(),
  cameraId: z.string().nullable(),
  cameraName: z.string().nullable(),
  accuracy: z.number().nullable().describe('recognition confidence (0-1) of a sighting'),
  thumbnail: z.string().nullable().describe('link to the face snapshot of a sighting, as the detection pipeline stored it'),
  status: z.string().describe('sighting: known; manual: the attendance status set; alert: its level'),
  description: z.string(),
});
export type TPersonHistoryEntry = z.infer<typeof ZPersonHistoryEntrySchema>;

const filterFields = {
  employeeId: z.string().min(1).max(64),
  cameraId: z.string().max(64).optional(),
  from: zIsoDateTime.optional(),
  to: zIsoDateTime.optional(),
  type: z.enum(HISTORY_ENTRY_TYPES).optional(),
};

function rangeInOrder(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.from && v.to && Date.parse(v.from) > Date.parse(v.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must not be before from' });
}

export const ZPersonHistoryRequestSchema = ZPageQuerySchema.omit({ sortDir: true }).extend(filterFields).superRefine(rangeInOrder);
export type TPersonHistoryRequest = z.infer<typeof ZPersonHistoryRequestSchema>;

export const TIMELINE_MAX_EVENTS = 2000;

export const ZPersonTimelineRequestSchema = z
  .object({
    ...filterFields,
    from: zIsoDateTime.optional().describe('default: 7 days before `to`'),
    to: zIsoDateTime.optional().describe('default: now'),
    limit: z.number().int().min(1).max(TIMELINE_MAX_EVENTS).default(500).describe('the earliest events of the range are kept'),
  })
  .superRefine(rangeInOrder);
export type TPersonTimelineRequest = z.infer<typeof ZPersonTimelineRequestSchema>;

export const ZPersonTimelineSchema = z.object({
  employeeId: z.string(),
  name: z.string(),
  department: z.string(),
  from: z.string(),
  to: z.string(),
  events: z.array(ZPersonHistoryEntrySchema).describe('oldest first'),
  truncated: z.boolean().describe('true when the range held more events than the limit'),
});
export type TPersonTimeline = z.infer<typeof ZPersonTimelineSchema>;
