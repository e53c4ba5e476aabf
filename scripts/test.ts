/**
 * The test command: lint, type-check, then the vitest suite on the embedded database and, when
 * TEST_DATABASE_URL is set, again on that PostgreSQL server. Ends with one 'N passed, N failed' line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { loadConfig } from '@sentinel/platform';

const server = loadConfig().TEST_DATABASE_URL;
const extra = process.argv.slice(2);
mkdirSync('.test-data', { recursive: true });

function run(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  return r.status === 0;
}

let passed = 0;
let failed = 0;
let ok = true;

if (!extra.length) {
  ok = run('lint', 'eslint', ['.', '--max-warnings=0']) && ok;
  ok = run('type-check', 'tsc', ['--noEmit', '-p', 'tsconfig.json']) && ok;
}

const modes: { label: string; env: NodeJS.ProcessEnv }[] = [{ label: 'tests on embedded PGlite', env: { ...process.env, TEST_DATABASE_URL: '' } }];
if (server) modes.push({ label: `tests on PostgreSQL (${new URL(server).host})`, env: { ...process.env, TEST_DATABASE_URL: server } });

for (const [i, mode] of modes.entries()) {
  const out = `.test-data/results-${i}.json`;
  ok = run(mode.label, 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...extra], mode.env) && ok;
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    if (report.numTotalTests === 0) ok = false;
  } catch {
    ok = false;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
