/** Auth: login, token refresh/rotation, logout, current user, password reset and change. */
import { z } from 'zod';
import { ZUserAccountSchema } from './users.ts';

import { ZPasswordSchema } from './password.ts';
export { ZPasswordSchema };

export const ZLoginRequestSchema = z.object({
  username: z.string().min(1).max(254).describe('username or email'),
  password: z.string().min(1).max(256),
});
export type TLoginRequest = z.infer<typeof ZLoginRequestSchema>;

export const ZTokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().describe('access token lifetime in seconds'),
});

export const ZLoginResponseSchema = ZTokenPairSchema.extend({ user: ZUserAccountSchema });
export type TLoginResponse = z.infer<typeof ZLoginResponseSchema>;

export const ZRefreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(512) });

export const ZMeResponseSchema = z.object({ user: ZUserAccountSchema, permissions: z.array(z.string()) });

export const ZRequestResetSchema = z.object({ email: z.string().email().max(254) });
export const ZRequestResetResponseSchema = z.object({ accepted: z.literal(true), message: z.string() });

export const ZResetPasswordSchema = z.object({ token: z.string().min(1).max(512), newPassword: ZPasswordSchema });

export const ZChangePasswordSchema = z.object({ oldPassword: z.string().min(1).max(256), newPassword: ZPasswordSchema });
