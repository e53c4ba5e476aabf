/** Notifications: messages addressed to one user (e.g. an escalated alert); each user sees only their own. */
import { z } from 'zod';
import { ZPageQuerySchema, zQueryBoolean } from './common.ts';
import { ALERT_LEVELS } from './alerts.ts';

export const ZNotificationItemSchema = z.object({
  id: z.string(),
  level: z.enum(ALERT_LEVELS),
  title: z.string(),
  message: z.string(),
  alertId: z.string().nullable().describe('the alert this notification is about, if any'),
  acknowledged: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TNotificationItem = z.infer<typeof ZNotificationItemSchema>;

export const ZListNotificationsRequestSchema = ZPageQuerySchema.extend({
  acknowledged: zQueryBoolean.optional(),
});
export type TListNotificationsRequest = z.infer<typeof ZListNotificationsRequestSchema>;
