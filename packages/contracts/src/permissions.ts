/** The canonical permission dictionary and the built-in roles. */
export const PERMISSIONS = {
  'cameras:read': 'View cameras, their telemetry and summaries',
  'cameras:write': 'Create, edit, enable/disable, delete, import cameras',
  'users:read': 'View user accounts',
  'users:write': 'Create, edit and delete user accounts (Admin only)',
  'roles:read': 'View roles and permissions',
  'roles:write': 'Create and edit roles (Admin only)',
  'audit:read': 'View the audit trail',
  'audit:export': 'Export the audit trail',
  'attendance:read': 'View attendance logs and statistics',
  'attendance:write': 'Manual attendance entries and voids',
  'attendance:export': 'Export attendance',
  'faces:read': 'View face profiles and images',
  'faces:write': 'Register, edit and erase face profiles',
  'alerts:read': 'View alerts',
  'alerts:write': 'Acknowledge, mute and clear alerts',
  'detections:read': 'View detections and provider status',
  'detections:write': 'Send frames, configure the detection provider',
  'odoo:read': 'View Odoo integration status and logs',
  'odoo:write': 'Configure and trigger Odoo sync',
  'settings:read': 'View settings',
  'settings:write': 'Change site settings',
  'system:read': 'View system health, metrics and logs',
  'system:admin': 'Run system and maintenance commands (Admin only)',
  'developer:use': 'Use the developer console (Admin only)',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** Permissions only the built-in Admin role may hold: custom roles cannot be granted them. */
export const ADMIN_ONLY_PERMISSIONS: readonly Permission[] = ['users:write', 'roles:write', 'system:admin', 'developer:use'];

const READS = ALL_PERMISSIONS.filter((p) => p.endsWith(':read'));

export const BUILT_IN_ROLES = [
  { id: 'ROLE-ADMIN', name: 'Admin', description: 'Full access, including users, roles and system commands', permissions: ALL_PERMISSIONS },
  {
    id: 'ROLE-OPERATOR',
    name: 'Operator',
    description: 'Runs the control room: cameras, attendance, faces, alerts, detections',
    permissions: [
      ...READS.filter((p) => p !== 'users:read'),
      'cameras:write', 'attendance:write', 'attendance:export', 'faces:write', 'alerts:write', 'detections:write', 'odoo:write',
    ] as Permission[],
  },
  {
    id: 'ROLE-VIEWER',
    name: 'Viewer',
    description: 'Read-only access to the monitoring screens',
    permissions: READS.filter((p) => p !== 'users:read' && p !== 'audit:read'),
  },
] as const;
