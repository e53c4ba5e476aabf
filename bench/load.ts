/**
 * Loads one target with autocannon from this (the bench) process: a warm-up whose figures are thrown
 * away, then the measured run, with the CPU time the serving process and this process used meanwhile.
 */
import autocannon from 'autocannon';
import type { BenchChild } from './child.ts';

export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** the process that serves the target, whose CPU time is sampled */
  server: BenchChild;
}

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface Measurement {
  target: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** response size including headers */
  bytesPerResponse: number;
  /** CPU time over wall time: 1 is one core busy for the whole run */
  serverCores: number;
  loadgenCores: number;
  failed: number;
}

function run(target: Target, connections: number, duration: number) {
  return autocannon({ url: target.url, headers: target.headers, connections, duration });
}

export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
  await run(target, settings.connections, settings.warmupSeconds);
  const serverBefore = await target.server.cpuSeconds();
  const selfBefore = process.cpuUsage();
  const started = performance.now();
  const result = await run(target, settings.connections, settings.durationSeconds);
  const wall = (performance.now() - started) / 1000;
  const self = process.cpuUsage(selfBefore);
  const serverCpu = (await target.server.cpuSeconds()) - serverBefore;
  return {
    target: target.name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : 0,
    serverCores: serverCpu / wall,
    loadgenCores: (self.user + self.system) / 1e6 / wall,
    failed: result.non2xx + result.errors,
  };
}
