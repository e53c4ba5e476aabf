/**
 * Admin commands. Each does its work before answering 202 (they are quick), acts on the process that
 * received it (caches and workers are per process), and leaves a warning-level audit entry.
 */
import { conflict, notFound } from '@sentinel/platform';
import { ALL_QUEUES, type QueueName } from '@sentinel/jobs';
import type { TCommandResult } from '@sentinel/contracts';
import type { Actor } from '../core/context.ts';
import type { AppServices } from '../core/services.ts';
import { recordAudit } from '../audit/trail.ts';
import { forgetGpuProbe } from './machine.ts';
import { FIXED_SERVICES, noteRestart } from './services-status.ts';
import { restartStreams, type StreamCommand } from './streams.ts';

type CommandDeps = Pick<AppServices, 'db' | 'secrets' | 'sessions' | 'jobs' | 'events' | 'media' | 'logger' | 'config'>;

export async function runStreamCommand(app: CommandDeps, command: StreamCommand, actor: Actor): Promise<TCommandResult> {
  const result = await restartStreams(app, { actor, command });
  const restarted = command === 'restart-streams' ? `Restarted ${result.restarted.frames + result.restarted.hls} live streams; ` : '';
  const problems = result.failed.length ? `; ${result.failed.length} not answering: ${result.failed.map((f) => `${f.id} (${f.reason})`).join(', ')}` : '';
  return { accepted: true, message: `${restarted}re-probed ${result.checked} enabled cameras, ${result.online} answering${problems}` };
}

/** Drops this process's caches: resolved sessions (so role and user changes apply at once) and hardware probes. */
export async function refreshCaches(app: CommandDeps, actor: Actor): Promise<TCommandResult> {
  app.sessions.invalidate();
  forgetGpuProbe();
  await recordAudit(app.db, actor, { action: 'system.cache-refresh', resourceType: 'system', severity: 'warning', message: 'in-process caches dropped' });
  return { accepted: true, message: 'Cached sessions and hardware probes dropped; permissions are re-read on the next request' };
}

const queueNamed = (id: string) => ALL_QUEUES.find((q) => q.name === id);

/** Restarts a job queue's worker in this process, or the event bus listener. */
export async function restartService(app: CommandDeps, id: string, actor: Actor): Promise<TCommandResult> {
  const queue = queueNamed(id);
  let message: string;
  if (queue) {
    if (!app.jobs.activeWorkers.has(queue.name)) throw conflict(`No worker for queue '${queue.name}' runs in this process`, { id });
    const restarted = await app.jobs.restartWorker(queue.name as QueueName);
    if (!restarted) throw conflict(`No worker for queue '${queue.name}' runs in this process`, { id });
    message = `Worker of queue '${queue.name}' restarted`;
  } else if (id === 'event-bus') {
    await app.events.stop();
    await app.events.start();
    message = 'Event bus listener reconnected';
  } else if (id in FIXED_SERVICES) {
    throw conflict(`The service '${id}' cannot be restarted from the API`, { id });
  } else {
    throw notFound('Service', id);
  }
  noteRestart(id);
  await recordAudit(app.db, actor, { action: 'system.service-restart', resourceType: 'service', resourceId: id, severity: 'warning', message });
  return { accepted: true, message };
}
