/** Banner messages: the control-room ticker, edited by Admins. */
import { z } from 'zod';

export const MAX_BANNER_MESSAGES = 50;
export const MAX_BANNER_MESSAGE_LENGTH = 280;

export const ZBannerMessagesSchema = z.array(z.string());

export const ZSetBannerMessagesRequestSchema = z.object({
  messages: z
    .array(z.string().trim().min(1, 'a message cannot be blank').max(MAX_BANNER_MESSAGE_LENGTH))
    .min(1, 'give at least one message')
    .max(MAX_BANNER_MESSAGES)
    .describe(`the whole ticker, in order (1-${MAX_BANNER_MESSAGES} messages of at most ${MAX_BANNER_MESSAGE_LENGTH} characters)`),
});
export type TSetBannerMessagesRequest = z.infer<typeof ZSetBannerMessagesRequestSchema>;
