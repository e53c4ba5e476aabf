/**
 * `pnpm bench:ws`: 2,000 WebSocket clients connected to one server process (split over two client
 * processes so the clients do not share the server's CPU budget in one event loop); alerts are raised
 * through REST and the time until every client has received each one is measured.
 * Target: p99 under 250 ms. Options: --clients N (default 2000), --rounds N (default 20), --embedded.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, startChild } from './child.ts';

const { values } = parseArgs({ options: { clients: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '20' }, embedded: { type: 'boolean', default: false }, 'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' } } });
const clients = Number(values.clients);
const rounds = Number(values.rounds);
const PASSWORD = 'bench-admin-password';

const server = await startChild('server', 'server-process.ts', { ...(values.embedded ? {} : { databaseUrl: values['database-url'] }), adminUsername: 'admin', adminPassword: PASSWORD });
const base = server.ready.url;
const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
const token = ((await login.json()) as { data: { accessToken: string } }).data.accessToken;

interface Pool {
  ready: Promise<void>;
  done(alert: string): Promise<number[]>;
  stop(): void;
}

function startPool(count: number): Pool {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'bench/ws-clients.ts'), JSON.stringify({ url: `${base.replace('http', 'ws')}/ws`, token, count })], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const results = new Map<string, number[]>();
  const waiting = new Map<string, (v: number[]) => void>();
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const msg = JSON.parse(line) as { ready?: number; alert?: string; receivedAt?: number[]; error?: string };
    if (msg.error) console.error(msg.error);
    if (msg.ready) readyResolve();
    if (msg.alert && msg.receivedAt) {
      results.set(msg.alert, msg.receivedAt);
      waiting.get(msg.alert)?.(msg.receivedAt);
    }
  });
  return {
    ready,
    done: (alert) => new Promise((resolve, reject) => {
      const hit = results.get(alert);
      if (hit) return resolve(hit);
      const timer = setTimeout(() => reject(new Error(`not every client got ${alert}`)), 10_000);
      waiting.set(alert, (v) => (clearTimeout(timer), resolve(v)));
    }),
    stop: () => child.stdin.end(),
  };
}

const pools = [startPool(Math.ceil(clients / 2)), startPool(Math.floor(clients / 2))];
const connectStart = Date.now();
await Promise.all(pools.map((p) => p.ready));
console.log(`${clients} clients connected and subscribed in ${Date.now() - connectStart} ms`);

const latencies: number[] = [];
const lastArrivals: number[] = [];
const cpuBefore = await server.cpuSeconds();
const wallBefore = Date.now();
for (let i = 0; i < rounds; i++) {
  const title = `bench-${i}-${Date.now()}`;
  const sent = Date.now();
  const res = await fetch(`${base}/api/v1/alerts/generate-test`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ title, level: 'warning' }) });
  if (res.status >= 300) throw new Error(`generate-test answered ${res.status}: ${await res.text()}`);
  const arrivals = (await Promise.all(pools.map((p) => p.done(title)))).flat();
  for (const at of arrivals) latencies.push(at - sent);
  lastArrivals.push(Math.max(...arrivals) - sent);
  await new Promise((r) => setTimeout(r, 200));
}
const cpu = (await server.cpuSeconds()) - cpuBefore;
const wall = (Date.now() - wallBefore) / 1000;

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
console.log(`\nalert broadcast to ${clients} WebSocket clients, ${rounds} alerts (${server.ready.database})`);
console.log(`deliveries: ${latencies.length}  p50 ${pct(50)} ms  p95 ${pct(95)} ms  p99 ${pct(99)} ms  max ${latencies.at(-1)} ms`);
console.log(`time until the last client had each alert: median ${lastArrivals.sort((a, b) => a - b)[Math.floor(rounds / 2)]} ms, worst ${Math.max(...lastArrivals)} ms`);
console.log(`server CPU during the rounds: ${((cpu / wall) * 100).toFixed(0)}% of one core`);
console.log(`target p99 < 250 ms: ${pct(99) < 250 ? 'met' : 'MISSED'}`);
for (const p of pools) p.stop();
await server.stop();
