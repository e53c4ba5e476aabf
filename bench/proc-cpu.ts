/**
 * CPU time from /proc for the media bench: a server's Node process and its ffmpeg children (live and
 * already reaped), the PostgreSQL backends of one database, and the whole machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** USER_HZ: the unit of the CPU times in /proc/<pid>/stat */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  cpuSeconds: number;
  /** CPU time of children that exited and were waited for */
  reapedSeconds: number;
}

function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
  const close = text.lastIndexOf(')');
  const f = text.slice(close + 2).split(' ').map(Number); // f[0] is field 3 (state); field n is f[n - 3]
  return { pid, ppid: f[1]!, comm: text.slice(text.indexOf('(') + 1, close), cpuSeconds: (f[11]! + f[12]!) / TICKS_PER_SECOND, reapedSeconds: (f[13]! + f[14]!) / TICKS_PER_SECOND };
}

const allPids = () => readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);

export interface CpuSnapshot {
  at: number;
  server: ProcStat;
  ffmpeg: Map<number, number>;
  /** PostgreSQL backends serving the bench database */
  database: Map<number, number>;
  self: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
}

/** `database`: the PostgreSQL database whose backends are counted (they show its name in their command line). */
export function cpuSnapshot(serverPid: number, database: string): CpuSnapshot {
  const server = procStat(serverPid);
  if (!server) throw new Error(`the server process ${serverPid} is gone`);
  const ffmpeg = new Map<number, number>();
  const backends = new Map<number, number>();
  for (const pid of allPids()) {
    const s = procStat(pid);
    if (s?.ppid === serverPid && s.comm === 'ffmpeg') ffmpeg.set(pid, s.cpuSeconds);
    else if (s?.comm === 'postgres' && commandLine(pid).includes(` ${database} `)) backends.set(pid, s.cpuSeconds);
  }
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    busy += times.user + times.nice + times.sys + times.irq;
    total += times.user + times.nice + times.sys + times.irq + times.idle;
  }
  return { at: performance.now(), server, ffmpeg, database: backends, self: process.cpuUsage(), machine: { busy, total } };
}

export interface CpuUse {
  /** cores busy on average over the window: 1 is one core all the time */
  serverCores: number;
  ffmpegCores: number;
  ffmpegProcesses: number;
  databaseCores: number;
  loadgenCores: number;
  machineCores: number;
  /** the machine minus all of the above: other work that competed for the CPUs */
  otherCores: number;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const wall = (b.at - a.at) / 1000;
  // ffmpeg that ran through the window, started in it, or ended in it (then in the server's reaped time, with any ffprobe)
  let ffmpeg = b.server.reapedSeconds - a.server.reapedSeconds;
  for (const [pid, seconds] of b.ffmpeg) ffmpeg += seconds - (a.ffmpeg.get(pid) ?? 0);
  for (const [pid, seconds] of a.ffmpeg) if (!b.ffmpeg.has(pid)) ffmpeg -= seconds;
  let database = 0;
  for (const [pid, seconds] of b.database) database += seconds - (a.database.get(pid) ?? 0);
  const use = {
    serverCores: (b.server.cpuSeconds - a.server.cpuSeconds) / wall,
    ffmpegCores: ffmpeg / wall,
    ffmpegProcesses: b.ffmpeg.size,
    databaseCores: database / wall,
    loadgenCores: (b.self.user + b.self.system - a.self.user - a.self.system) / 1e6 / wall,
    machineCores: ((b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)) * cpus().length,
  };
  return { ...use, otherCores: Math.max(0, use.machineCores - use.serverCores - use.ffmpegCores - use.databaseCores - use.loadgenCores) };
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** Processes (any parent) reading the bench clip: must be none once the server has stopped. */
export const ffmpegReading = (file: string) => allPids().filter((pid) => commandLine(pid).includes(file));
