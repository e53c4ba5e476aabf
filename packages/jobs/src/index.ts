export * from './queues.ts';
export * from './jobs.ts';
