/** tRPC subscriptions for the typed client: the same live events as WS /ws and SSE, over tRPC's SSE link. */
import { z } from 'zod';
import { authedProcedure, router } from '../core/trpc.ts';
import { CHANNELS, type LiveEvent } from './events.ts';
import { mayRead, type LiveClient } from './hub.ts';

const ZLiveEventsInput = z
  .object({
    channels: z.array(z.enum(CHANNELS)).max(CHANNELS.length).optional().describe('default: every channel your role may read'),
    cameraId: z.string().max(64).optional(),
  })
  .optional();

export const realtimeRouter = router({
  events: authedProcedure.input(ZLiveEventsInput).subscription(async function* ({ ctx, input, signal }) {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | undefined;
    const client: LiveClient = {
      user: ctx.user,
      subscriptions: (input?.channels ?? [...CHANNELS]).filter((c) => mayRead(ctx.user, c)).map((channel) => ({ channel, cameraId: input?.cameraId })),
      deliver(_text, envelope) {
        queue.push(envelope.event);
        if (queue.length > 1000) queue.shift(); // a stalled consumer loses the oldest events, not memory
        wake?.();
      },
    };
    const remove = ctx.app.realtime.add(client);
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        wake = undefined;
      }
    } finally {
      remove();
    }
  }),
});
