/**
 * Alerts: raised by the system (unknown faces, offline cameras, provider and Odoo failures, tests),
 * folded when identical, acknowledged, muted or cleared by operators.
 */
import { z } from 'zod';
import { ZPageQuerySchema, zIsoDateTime, zQueryBoolean } from './common.ts';

export const ALERT_LEVELS = ['info', 'warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const DEFAULT_MUTE_MINUTES = 60;
export const MAX_MUTE_MINUTES = 7 * 24 * 60;

export const ZAlertSchema = z.object({
  id: z.string(),
  level: z.enum(ALERT_LEVELS),
  type: z.string().describe('what raised it, e.g. unknown-face, camera-offline, odoo-sync, test'),
  title: z.string(),
  message: z.string().describe('the latest occurrence\'s message'),
  cameraId: z.string().nullable(),
  employeeId: z.string().nullable().describe('the person the alert is about, if any'),
  count: z.number().int().describe('identical occurrences folded into this alert'),
  acknowledged: z.boolean(),
  acknowledgedBy: z.string().nullable().describe('user id'),
  acknowledgedAt: z.string().nullable(),
  mutedUntil: z.string().nullable().describe('while in the future, repeats of this alert are recorded silently and it does not escalate'),
  escalatedAt: z.string().nullable().describe('when Admins were notified that it stayed unacknowledged'),
  resolvedAt: z.string().nullable().describe('when the condition went away (e.g. the camera came back)'),
  clearedAt: z.string().nullable().describe('set only in the live event of a clear: cleared alerts are hidden from lists'),
  lastSeenAt: z.string(),
  createdAt: z.string(),
});
export type TAlert = z.infer<typeof ZAlertSchema>;

export const ZListAlertsRequestSchema = ZPageQuerySchema.extend({
  level: z.enum(ALERT_LEVELS).optional(),
  acknowledged: zQueryBoolean.optional(),
  cameraId: z.string().max(64).optional(),
  employeeId: z.string().max(64).optional(),
  type: z.string().max(60).optional(),
  from: zIsoDateTime.optional().describe('alerts last seen at or after this moment'),
  to: zIsoDateTime.optional().describe('alerts first seen at or before this moment'),
  sortBy: z.enum(['createdAt', 'lastSeenAt', 'level', 'count']).default('lastSeenAt'),
});
export type TListAlertsRequest = z.infer<typeof ZListAlertsRequestSchema>;

export const ZMuteAlertRequestSchema = z.object({
  id: z.string().min(1).max(64),
  durationMinutes: z.number().int().min(1).max(MAX_MUTE_MINUTES).default(DEFAULT_MUTE_MINUTES).describe(`minutes (1-${MAX_MUTE_MINUTES}, default ${DEFAULT_MUTE_MINUTES})`),
});
export type TMuteAlertRequest = z.infer<typeof ZMuteAlertRequestSchema>;

export const ZGenerateTestAlertRequestSchema = z.object({
  level: z.enum(ALERT_LEVELS).default('info'),
  title: z.string().trim().min(1).max(200).default('Test alert'),
  message: z.string().trim().max(2000).default('This is a test alert raised from the sandbox.'),
  cameraId: z.string().min(1).max(64).optional(),
});
export type TGenerateTestAlertRequest = z.infer<typeof ZGenerateTestAlertRequestSchema>;
