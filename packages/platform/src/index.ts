export * from './env.ts';
export * from './logger.ts';
export * from './errors.ts';
export * from './secrets.ts';
export * from './ids.ts';
