/**
 * A live MPEG-TS camera over raw TCP (`tcp://127.0.0.1:PORT`, like encoders in "TCP server" mode): ONE
 * ffmpeg writes H.264 in MPEG-TS to stdout, and every connected client gets the stream from its current
 * point, cut on 188-byte packet boundaries so a late joiner starts on a sync byte.
 */
import net from 'node:net';
import { createMediaSource, pictureOf, waitUntil, type LiveSourceOptions, type MediaSource } from './lifecycle.ts';
import { closeServer, freePort, listenOn, trackConnections } from './ports.ts';
import { liveH264Output, liveTestInput, spawnFfmpeg, stopProcess } from './processes.ts';

const TS_PACKET = 188;
const MAX_CLIENT_BACKLOG = 8 * 1024 * 1024;

/** Serves live MPEG-TS to every TCP client; resolves once ffmpeg has produced its first packets. */
export async function startTcpTsSource(opts: LiveSourceOptions = {}): Promise<MediaSource> {
  const { width, height, fps } = pictureOf(opts);
  const port = await freePort();
  return createMediaSource(`tcp://127.0.0.1:${port}`, async (cleanup) => {
    const clients = new Set<net.Socket>();
    let carry = Buffer.alloc(0);
    let bytes = 0;
    const proc = spawnFfmpeg([...liveTestInput(width, height, fps), ...liveH264Output(fps), '-f', 'mpegts', 'pipe:1'], { stdout: 'pipe' });
    cleanup.add(() => stopProcess(proc));
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const whole = data.length - (data.length % TS_PACKET);
      carry = Buffer.from(data.subarray(whole));
      if (whole === 0) return;
      const packets = data.subarray(0, whole);
      bytes += whole;
      for (const socket of clients) if (socket.writableLength < MAX_CLIENT_BACKLOG) socket.write(packets);
    });

    const server = net.createServer((socket) => {
      clients.add(socket);
      socket.on('error', () => socket.destroy());
      socket.once('close', () => clients.delete(socket));
      socket.resume(); // whatever a client sends is ignored
    });
    const sockets = trackConnections(server);
    await listenOn(server, port);
    cleanup.add(() => closeServer(server, sockets));
    await waitUntil('the first MPEG-TS packets', () => bytes > 0, { proc });
  });
}
