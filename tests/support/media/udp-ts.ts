/**
 * A live MPEG-TS camera pushing to UDP (`udp://127.0.0.1:PORT`, the receiver listens), as encoders
 * configured with a unicast target do. Readiness: the first datagram arrives on the port, checked by
 * briefly listening there ourselves; when the receiver already holds the port, ffmpeg's own progress
 * report (frames written) is the signal instead.
 */
import type dgram from 'node:dgram';
import { createMediaSource, pictureOf, waitUntil, type LiveSourceOptions, type MediaSource } from './lifecycle.ts';
import { bindUdp, closeUdp } from './ports.ts';
import { liveH264Output, liveTestInput, spawnFfmpeg, stopProcess } from './processes.ts';

async function tryBindUdp(port: number): Promise<dgram.Socket | undefined> {
  try {
    return await bindUdp(port);
  } catch {
    return undefined; // the receiver is already listening
  }
}

/** Sends live MPEG-TS to `udp://127.0.0.1:port`; resolves once ffmpeg is sending. */
export async function startUdpTsSender(port: number, opts: LiveSourceOptions = {}): Promise<MediaSource> {
  const { width, height, fps } = pictureOf(opts);
  return createMediaSource(`udp://127.0.0.1:${port}`, async (cleanup) => {
    const listener = await tryBindUdp(port);
    let sending = false;
    if (listener) {
      cleanup.add(() => closeUdp(listener));
      listener.once('message', () => (sending = true));
    }
    const proc = spawnFfmpeg(
      [...liveTestInput(width, height, fps), ...liveH264Output(fps), '-progress', 'pipe:1', '-f', 'mpegts', `udp://127.0.0.1:${port}?pkt_size=1316`],
      { stdout: 'pipe' },
    );
    cleanup.add(() => stopProcess(proc));
    proc.child.stdout?.setEncoding('utf8').on('data', (report: string) => {
      if (!listener && /^frame=[1-9]/m.test(report)) sending = true;
    });
    await waitUntil('ffmpeg sending MPEG-TS over UDP', () => sending, { proc });
    if (listener) await closeUdp(listener); // hand the port over to the real receiver
  });
}
