export * from './schema.ts';
export * from './database.ts';
export * from './migrate.ts';
export { sql, type Kysely, type Transaction, type Selectable } from 'kysely';
export * from './like.ts';
export * from './iso-time.ts';
