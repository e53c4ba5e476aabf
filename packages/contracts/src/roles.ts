/** Roles and the permission dictionary. */
import { z } from 'zod';
import { ALL_PERMISSIONS } from './permissions.ts';

export const ZPermissionSchema = z.enum(ALL_PERMISSIONS as [string, ...string[]]);

export const ZRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  builtIn: z.boolean(),
});
export type TRole = z.infer<typeof ZRoleSchema>;

export const ZCreateRoleRequestSchema = z.object({
  id: z.string().regex(/^ROLE-[A-Z0-9_-]{1,40}$/, 'like ROLE-SUPERVISOR').optional(),
  name: z.string().trim().min(1).max(60),
  description: z.string().max(500).default(''),
  permissions: z.array(ZPermissionSchema).max(100),
});

export const ZUpdateRoleRequestSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(60).optional(),
  description: z.string().max(500).optional(),
  permissions: z.array(ZPermissionSchema).max(100).optional(),
});

export const ZPermissionEntrySchema = z.object({ id: z.string(), description: z.string(), adminOnly: z.boolean() });
