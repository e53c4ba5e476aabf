export * from './common.ts';
export * from './permissions.ts';
export * from './auth.ts';
export * from './users.ts';
export * from './roles.ts';
export * from './audit.ts';
export * from './cameras.ts';
export * from './health.ts';
