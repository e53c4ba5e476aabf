/**
 * /i18n/languages. Reading is public (the sign-in screen offers the language picker); adding needs
 * 'settings:write', which among the built-in roles only Admin holds.
 */
import { z } from 'zod';
import { ZCreateLanguageRequestSchema, ZLanguageSchema } from '@sentinel/contracts';
import { actorOf } from '../core/context.ts';
import { authedProcedure, publicProcedure, router } from '../core/trpc.ts';
import { addLanguage, listLanguages } from './service.ts';

const TAG = ['Settings'];

export const i18nRouter = router({
  languages: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/i18n/languages', tags: TAG, summary: 'Languages the UI offers, the default first' } })
    .input(z.void())
    .output(z.array(ZLanguageSchema))
    .query(({ ctx }) => listLanguages(ctx.app.db)),

  addLanguage: authedProcedure
    .meta({ openapi: { method: 'POST', path: '/i18n/languages', tags: TAG, summary: 'Add a language (Admin; 409 when the code exists; isDefault moves the default)', protect: true }, permission: 'settings:write', successStatus: 201 })
    .input(ZCreateLanguageRequestSchema)
    .output(ZLanguageSchema)
    .mutation(({ ctx, input }) => addLanguage(ctx.app.db, input, actorOf(ctx))),
});
