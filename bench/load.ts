/**
 * Loads one target with autocannon from this (the bench) process: a warm-up whose figures are thrown
 * away, then the measured run, with the CPU time the serving process and this process used meanwhile.
 */
import { cpus } from 'node:os';
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
  /** the whole machine, database and anything else running included */
  machineCores: number;
  failed: number;
}

/** Busy and total CPU time over all cores so far, in ms. */
function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { busy, total };
}

function busyCores(before: { busy: number; total: number }, after: { busy: number; total: number }): number {
  return ((after.busy - before.busy) / (after.total - before.total)) * cpus().length;
}

const QUIET_CORES = 0.25;

/**
 * Cores other work keeps busy while no load runs (other processes on the machine skew the figures):
 * samples one second at a time, up to `patienceSeconds`, until the machine is quiet.
 */
export async function waitForQuiet(patienceSeconds: number): Promise<{ cores: number; quiet: boolean }> {
  let cores = Number.POSITIVE_INFINITY;
  for (let waited = 0; waited < Math.max(1, patienceSeconds); waited++) {
    const before = machineTimes();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    cores = busyCores(before, machineTimes());
    if (cores <= QUIET_CORES) return { cores, quiet: true };
  }
  return { cores, quiet: false };
}

function run(target: Target, connections: number, duration: number) {
  return autocannon({ url: target.url, headers: target.headers, connections, duration });
}

export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
  await run(target, settings.connections, settings.warmupSeconds);
  const serverBefore = await target.server.cpuSeconds();
  const selfBefore = process.cpuUsage();
  const machineBefore = machineTimes();
  const started = performance.now();
  const result = await run(target, settings.connections, settings.durationSeconds);
  const wall = (performance.now() - started) / 1000;
  const self = process.cpuUsage(selfBefore);
  const machineAfter = machineTimes();
  const serverCpu = (await target.server.cpuSeconds()) - serverBefore;
  return {
    target: target.name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    bytesPerResponse: result.requests.total ? result.throughput.total / result.requests.total : 0,
    serverCores: serverCpu / wall,
    loadgenCores: (self.user + self.system) / 1e6 / wall,
    machineCores: busyCores(machineBefore, machineAfter),
    failed: result.non2xx + result.errors,
  };
}
