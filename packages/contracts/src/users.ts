/** User accounts. Deleting is soft: the account stays for the audit trail but can no longer log in. */
import { z } from 'zod';
import { ZPageQuerySchema } from './common.ts';
import { ZPasswordSchema } from './password.ts';

export const USER_STATUSES = ['active', 'disabled', 'invited'] as const;

export const ZUserAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  username: z.string().nullable(),
  roleId: z.string(),
  roleName: z.string(),
  status: z.enum(USER_STATUSES),
  lastActive: z.string().nullable().describe('ISO 8601 UTC'),
  createdAt: z.string().describe('ISO 8601 UTC'),
});
export type TUserAccount = z.infer<typeof ZUserAccountSchema>;

export const ZListUsersRequestSchema = ZPageQuerySchema.extend({
  role: z.string().max(64).optional().describe('role id or role name'),
  status: z.enum(USER_STATUSES).optional(),
  search: z.string().max(200).optional().describe('matches name, email or username'),
  sortBy: z.enum(['name', 'email', 'createdAt', 'lastActive']).default('name'),
});
export type TListUsersRequest = z.infer<typeof ZListUsersRequestSchema>;

export const ZCreateUserRequestSchema = z.object({
  name: z.string().trim().min(1).max(120),
  email: z.string().trim().email().max(254),
  username: z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, dash, underscore').optional(),
  roleId: z.string().min(1).max(64),
  password: ZPasswordSchema.optional().describe('when absent the user is invited and must set a password by reset'),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequestSchema>;

export const ZUpdateUserRequestSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(120).optional(),
  email: z.string().trim().email().max(254).optional(),
  roleId: z.string().min(1).max(64).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequestSchema>;

export const ZUserPasswordRequestSchema = z.object({
  id: z.string().min(1).max(64),
  oldPassword: z.string().max(256).optional().describe('required when changing your own password'),
  newPassword: ZPasswordSchema,
});
