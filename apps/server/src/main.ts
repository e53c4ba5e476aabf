/**
 * Entry point. `--role=worker` runs only job workers, `--role=server` only HTTP; the default runs both.
 * `--dev` serves the Next.js pages in development mode; `--no-web` serves only the API (no pages).
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from '@sentinel/platform';
import { startSystem } from './system.ts';

const args = process.argv.slice(2);
const roleArg = args.find((a) => a.startsWith('--role='))?.slice('--role='.length);
const dev = args.includes('--dev');
const noWeb = args.includes('--no-web');

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env'); // optional local overrides, see .env.example
  const config = loadConfig(roleArg ? { ROLE: roleArg } : {});
  const system = await startSystem({ config, web: config.ROLE === 'worker' || noWeb ? 'off' : dev ? 'dev' : 'prod' });
  if (system.url) console.log(`Sentinel is up: ${system.url}  (API reference: ${system.url}/docs)`);
  const shutdown = (signal: string) => {
    console.log(`${signal}: shutting down gracefully`);
    system.stop().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
