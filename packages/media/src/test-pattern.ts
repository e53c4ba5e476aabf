/**
 * A test-pattern clip (ffmpeg's testsrc2: moving colour bars and a clock) for the demo's Local File camera,
 * so a fresh demo has one camera that really streams. Written once; an existing file is kept.
 */
import { spawn } from 'node:child_process';
import { access, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { StderrTail } from './stderr-tail.ts';

export async function ensureTestPattern(ffmpegPath: string, file: string, opts: { width?: number; height?: number; fps?: number; seconds?: number } = {}): Promise<boolean> {
  if (await access(file).then(() => true, () => false)) return false;
  await mkdir(path.dirname(file), { recursive: true });
  const { width = 640, height = 480, fps = 15, seconds = 20 } = opts;
  const partial = `${file}.partial.mp4`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', String(fps * 2), '-movflags', '+faststart',
    partial,
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpegPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const stderr = new StderrTail(child.stderr);
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg could not write the demo clip: ${stderr.text.trim()}`))));
  });
  await rename(partial, file);
  return true;
}
