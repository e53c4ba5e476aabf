/**
 * The banner ticker under the plan's three names: /services/banner-messages, its read-only alias
 * /banner/messages and /services/rotating-banners. Each alias is its own procedure (one OpenAPI path
 * each) calling the same service function, so they answer exactly alike. Writing needs 'settings:write',
 * which among the built-in roles only Admin holds.
 */
import { z } from 'zod';
import { ZBannerMessagesSchema, ZSetBannerMessagesRequestSchema } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, router } from '../core/trpc.ts';
import { getBannerMessages, setBannerMessages } from './service.ts';

const TAG = ['Banners'];

const readBanners = authedProcedure.input(z.void()).output(ZBannerMessagesSchema);
const writeBanners = authedProcedure.input(ZSetBannerMessagesRequestSchema).output(ZBannerMessagesSchema);

export const bannersRouter = router({
  list: readBanners
    .meta({ openapi: { method: 'GET', path: '/services/banner-messages', tags: TAG, summary: 'The ticker messages, in order', protect: true } })
    .query(({ ctx }) => getBannerMessages(ctx.app.db)),

  set: writeBanners
    .meta({ openapi: { method: 'POST', path: '/services/banner-messages', tags: TAG, summary: 'Replace the ticker messages (Admin)', protect: true }, permission: 'settings:write' })
    .mutation(({ ctx, input }) => setBannerMessages(ctx.app.db, input, actorOf(ctx))),

  listBannerAlias: readBanners
    .meta({ openapi: { method: 'GET', path: '/banner/messages', tags: TAG, summary: 'Same as GET /services/banner-messages', protect: true } })
    .query(({ ctx }) => getBannerMessages(ctx.app.db)),

  listRotating: readBanners
    .meta({ openapi: { method: 'GET', path: '/services/rotating-banners', tags: TAG, summary: 'Same as GET /services/banner-messages', protect: true } })
    .query(({ ctx }) => getBannerMessages(ctx.app.db)),

  setRotating: writeBanners
    .meta({ openapi: { method: 'POST', path: '/services/rotating-banners', tags: TAG, summary: 'Same as POST /services/banner-messages (Admin)', protect: true }, permission: 'settings:write' })
    .mutation(({ ctx, input }) => setBannerMessages(ctx.app.db, input, actorOf(ctx))),
});
