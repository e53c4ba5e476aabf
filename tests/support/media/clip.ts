/** A short MP4 test clip (`testsrc2`), written as fast as ffmpeg can encode it (no `-re`). */
import path from 'node:path';
import { pictureOf, type LiveSourceOptions } from './lifecycle.ts';
import { spawnFfmpeg } from './processes.ts';

export interface TestClipOptions extends LiveSourceOptions {
  seconds?: number;
  codec?: 'h264' | 'mpeg4';
}

/** Writes `clip-<w>x<h>-<fps>fps-<s>s-<codec>.mp4` into `dir` and resolves with its path. */
export async function makeTestClip(dir: string, opts: TestClipOptions = {}): Promise<string> {
  const { width, height, fps } = pictureOf(opts);
  const seconds = opts.seconds ?? 5;
  const codec = opts.codec ?? 'h264';
  const file = path.join(dir, `clip-${width}x${height}-${fps}fps-${seconds}s-${codec}.mp4`);
  const encoder = codec === 'h264' ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'] : ['-c:v', 'mpeg4', '-q:v', '5'];
  const proc = spawnFfmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`, '-an', ...encoder, '-g', String(fps), '-movflags', '+faststart', '-y', file]);
  await proc.exited;
  if (proc.child.exitCode !== 0) throw new Error(`ffmpeg could not write ${file}: ${proc.stderrTail()}`);
  return file;
}
