/**
 * Live events, exactly as the plan's WebSocket section shapes them. Each event belongs to one channel;
 * `audience` says who may receive it (a permission, or one user for notifications).
 */
export const CHANNELS = ['detections', 'camera-status', 'alerts', 'notifications', 'system-metrics', 'attendance'] as const;
export type Channel = (typeof CHANNELS)[number];

export type LiveEvent =
  | { type: 'detection'; cameraId: string; detection: Record<string, unknown> }
  | { type: 'camera-status'; cameraId: string; status: 'online' | 'offline' | 'maintenance'; lastSeen: string | null }
  | { type: 'alert'; alert: Record<string, unknown> & { cameraId?: string | null } }
  | { type: 'notification'; notification: Record<string, unknown> }
  | { type: 'system-metrics'; metrics: Record<string, unknown> }
  | { type: 'attendance'; log: Record<string, unknown> & { cameraId?: string | null } };

/** What travels between processes: the event plus its routing. */
export interface Envelope {
  channel: Channel;
  event: LiveEvent;
  /** when set, only this user receives it (notifications) */
  userId?: string;
  /** camera the event concerns, for `cameraId` subscriptions */
  cameraId?: string | null;
}

/** The permission a subscriber needs to receive events of a channel. */
export const CHANNEL_PERMISSION: Record<Channel, string | null> = {
  detections: 'detections:read',
  'camera-status': 'cameras:read',
  alerts: 'alerts:read',
  notifications: null, // per user, see Envelope.userId
  'system-metrics': 'system:read',
  attendance: 'attendance:read',
};

export function channelOf(event: LiveEvent): Channel {
  switch (event.type) {
    case 'detection':
      return 'detections';
    case 'camera-status':
      return 'camera-status';
    case 'alert':
      return 'alerts';
    case 'notification':
      return 'notifications';
    case 'system-metrics':
      return 'system-metrics';
    case 'attendance':
      return 'attendance';
  }
}

export function cameraOf(event: LiveEvent): string | null {
  switch (event.type) {
    case 'detection':
    case 'camera-status':
      return event.cameraId;
    case 'alert':
      return event.alert.cameraId ?? null;
    case 'attendance':
      return event.log.cameraId ?? null;
    default:
      return null;
  }
}
