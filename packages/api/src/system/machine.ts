/**
 * Reads the machine this process runs on: cumulative CPU times, memory, the disk holding DATA_DIR, the
 * network interface counters (/proc/net/dev) and the GPU (nvidia-smi). Each reader answers "unavailable"
 * (null) instead of failing, so one missing source never loses a whole sample.
 */
import { execFile } from 'node:child_process';
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CpuTimes {
  /** every core's time since boot, ms */
  totalMs: number;
  idleMs: number;
}

export function cpuTimes(): CpuTimes {
  let totalMs = 0;
  let idleMs = 0;
  for (const { times } of os.cpus()) {
    totalMs += times.user + times.nice + times.sys + times.idle + times.irq;
    idleMs += times.idle;
  }
  return { totalMs: Math.round(totalMs), idleMs: Math.round(idleMs) };
}

const clampPercent = (v: number) => Math.min(100, Math.max(0, Math.round(v * 10) / 10));

/** Busy share of all cores between two readings; undefined when they cannot be compared (reboot, no data). */
export function busyPercent(from: CpuTimes, to: CpuTimes): number | undefined {
  const total = to.totalMs - from.totalMs;
  const idle = to.idleMs - from.idleMs;
  if (total <= 0 || idle < 0 || idle > total) return undefined;
  return clampPercent(100 * (1 - idle / total));
}

/** Where os.cpus() reports nothing (some sandboxes): the 1-minute load per core. */
export function loadPercent(): number {
  return clampPercent((100 * (os.loadavg()[0] ?? 0)) / Math.max(1, os.availableParallelism()));
}

export interface MemoryReading {
  usedBytes: number;
  totalBytes: number;
  percent: number;
}

export function memory(): MemoryReading {
  const totalBytes = os.totalmem();
  const usedBytes = totalBytes - os.freemem();
  return { usedBytes, totalBytes, percent: clampPercent((100 * usedBytes) / totalBytes) };
}

export interface DiskReading {
  usedBytes: number;
  totalBytes: number;
  percent: number;
}

/** The file system holding `dir` (or its nearest existing parent); percent as df computes it. */
export async function disk(dir: string): Promise<DiskReading | null> {
  let at = path.resolve(dir);
  for (;;) {
    try {
      const s = await statfs(at);
      const totalBytes = s.blocks * s.bsize;
      const usedBytes = (s.blocks - s.bfree) * s.bsize;
      const usable = usedBytes + s.bavail * s.bsize;
      return { usedBytes, totalBytes, percent: usable > 0 ? clampPercent((100 * usedBytes) / usable) : 0 };
    } catch (err) {
      const parent = path.dirname(at);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === at) return null;
      at = parent;
    }
  }
}

export interface NetworkCounters {
  rxBytes: number;
  txBytes: number;
}

/** Sums /proc/net/dev over every interface but loopback. */
export function parseNetDev(text: string): NetworkCounters | null {
  let rxBytes = 0;
  let txBytes = 0;
  let seen = false;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (!name || name === 'lo' || fields.length < 9 || fields.some(Number.isNaN)) continue;
    rxBytes += fields[0]!;
    txBytes += fields[8]!;
    seen = true;
  }
  return seen ? { rxBytes, txBytes } : null;
}

export async function networkCounters(): Promise<NetworkCounters | null> {
  try {
    return parseNetDev(await readFile('/proc/net/dev', 'utf8'));
  } catch {
    return null; // not Linux, or /proc not mounted
  }
}

export interface GpuReading {
  available: boolean;
  name: string | null;
  percent: number | null;
  memoryPercent: number | null;
}

export const NO_GPU: GpuReading = { available: false, name: null, percent: null, memoryPercent: null };

// Once nvidia-smi is known to be missing it is not looked for again until the caches are dropped.
let nvidiaSmiMissing = false;

export function forgetGpuProbe(): void {
  nvidiaSmiMissing = false;
}

export async function gpu(): Promise<GpuReading> {
  if (nvidiaSmiMissing) return NO_GPU;
  try {
    const { stdout } = await run('nvidia-smi', ['--query-gpu=name,utilization.gpu,memory.used,memory.total', '--format=csv,noheader,nounits'], { timeout: 3000 });
    const gpus = stdout
      .split('\n')
      .map((line) => line.split(',').map((f) => f.trim()))
      .filter((f) => f.length >= 4 && f.slice(1, 4).every((n) => n !== '' && !Number.isNaN(Number(n))));
    if (!gpus.length) return NO_GPU;
    const util = gpus.reduce((sum, f) => sum + Number(f[1]), 0) / gpus.length;
    const used = gpus.reduce((sum, f) => sum + Number(f[2]), 0);
    const total = gpus.reduce((sum, f) => sum + Number(f[3]), 0);
    return { available: true, name: gpus.map((f) => f[0]).join(', '), percent: clampPercent(util), memoryPercent: total > 0 ? clampPercent((100 * used) / total) : null };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') nvidiaSmiMissing = true;
    return NO_GPU;
  }
}
