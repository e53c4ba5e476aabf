/** The types the frontend programs against: the router, its inputs and outputs, and the shared contracts. */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@sentinel/api';

export type { AppRouter };

/** `RouterInputs['cameras']['create']` is what `trpc.cameras.create.mutate()` takes. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** `RouterOutputs['cameras']['list']` is what `trpc.cameras.list.query()` resolves to. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

// Types only: the frontend imports `@sentinel/contracts` itself when it wants the zod schemas at runtime.
export type * from '@sentinel/contracts';
