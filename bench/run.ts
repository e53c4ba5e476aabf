/**
 * What every bench script shares: the system's configuration for a bench child process, and running the
 * bench's `main` under a hard deadline with a verdict and an exit code (1 when a target is missed).
 */
import { loadConfig, type AppConfig } from '@sentinel/platform';

/** Config for a bench child: production mode, API only, quiet; the caller's environment is kept out. */
export function benchConfig(settings: Record<string, string | undefined>): AppConfig {
  return loadConfig(
    { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', SHUTDOWN_TIMEOUT_MS: '2000', ...settings },
    {},
  );
}

export async function runBench(main: () => Promise<boolean>, opts: { deadlineMs: number; what: string }): Promise<void> {
  const deadline = setTimeout(() => {
    console.error(`the bench did not finish within ${opts.deadlineMs / 1000} s`);
    process.exit(1);
  }, opts.deadlineMs);
  deadline.unref();
  try {
    const met = await main();
    console.log(met ? `\nThe ${opts.what} targets are met.` : `\nAn ${opts.what} target is missed (see above).`);
    if (!met) process.exitCode = 1;
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  }
}
