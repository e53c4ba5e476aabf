import { z } from 'zod';

export const ZReadinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({
    database: z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), error: z.string().optional() }),
    migrations: z.object({ ok: z.boolean(), pending: z.array(z.string()) }),
    jobs: z.object({ ok: z.boolean(), workers: z.array(z.string()), role: z.string() }),
    media: z.object({
      ok: z.boolean().describe('ffmpeg and ffprobe can be run'),
      ffmpeg: z.string().nullable(),
      error: z.string().nullable(),
      processes: z.number().int(),
      maxProcesses: z.number().int(),
    }),
  }),
});
