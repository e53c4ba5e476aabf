/**
 * A live RTSP camera at `rtsp://127.0.0.1:PORT/live`: ffmpeg encodes H.264 and sends it as RTP to two
 * local UDP ports (its SDP, with the SPS/PPS, written to a file), and the test RTSP server relays those
 * packets to its clients over UDP or TCP interleaved. SPS/PPS are also repeated in-band at every keyframe
 * so that clients ignoring the SDP can decode too.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMediaSource, pictureOf, waitUntil, type LiveSourceOptions, type MediaSource } from './lifecycle.ts';
import { bindUdp, closeUdp, freePort } from './ports.ts';
import { liveH264Output, liveTestInput, spawnFfmpeg, stopProcess } from './processes.ts';
import { RtspRelay } from './rtsp-server.ts';

export interface RtspSourceOptions extends LiveSourceOptions {
  username?: string;
  password?: string;
}

export interface RtspSource extends MediaSource {
  /** the TCP port RTSP clients connect to */
  port: number;
  /** `url` with the credentials in it (`rtsp://user:pass@...`), or `url` when there are none */
  urlWithCredentials: string;
}

async function readMediaSdp(file: string): Promise<string | undefined> {
  const sdp = await readFile(file, 'utf8').catch(() => '');
  const media = sdp.indexOf('m=');
  return media >= 0 && sdp.includes('sprop-parameter-sets') ? sdp.slice(media) : undefined;
}

/** Serves a live H.264 RTSP stream; resolves once RTP is flowing and the server listens. */
export async function startRtspSource(opts: RtspSourceOptions = {}): Promise<RtspSource> {
  const { width, height, fps } = pictureOf(opts);
  const port = await freePort();
  const url = `rtsp://127.0.0.1:${port}/live`;
  const credentials = opts.username === undefined ? '' : `${encodeURIComponent(opts.username)}:${encodeURIComponent(opts.password ?? '')}@`;
  const source = await createMediaSource(url, async (cleanup) => {
    const relay = new RtspRelay({ path: '/live', username: opts.username, password: opts.password });
    cleanup.add(() => relay.close());
    let packets = 0;
    const [rtpIn, rtcpIn] = await Promise.all([bindUdp(0), bindUdp(0)]);
    cleanup.add(() => Promise.all([closeUdp(rtpIn), closeUdp(rtcpIn)]).then(() => undefined));
    rtpIn.on('message', (packet) => {
      packets++;
      relay.relay(packet, false);
    });
    rtcpIn.on('message', (packet) => relay.relay(packet, true));

    const dir = await mkdtemp(path.join(tmpdir(), 'sentinel-rtsp-'));
    cleanup.add(() => rm(dir, { recursive: true, force: true }));
    const sdpFile = path.join(dir, 'stream.sdp');
    const target = `rtp://127.0.0.1:${rtpIn.address().port}?rtcpport=${rtcpIn.address().port}&pkt_size=1200`;
    const proc = spawnFfmpeg([
      ...liveTestInput(width, height, fps),
      ...liveH264Output(fps),
      '-flags', '+global_header',
      '-bsf:v', 'dump_extra=freq=keyframe',
      '-f', 'rtp',
      '-sdp_file', sdpFile,
      target,
    ]);
    cleanup.add(() => stopProcess(proc));

    let mediaSdp: string | undefined;
    await waitUntil('ffmpeg sending RTP', async () => (mediaSdp ??= await readMediaSdp(sdpFile)) !== undefined && packets > 0, { proc });
    await relay.listen(port, mediaSdp ?? '');
  });
  return Object.assign(source, { port, urlWithCredentials: credentials ? url.replace('rtsp://', `rtsp://${credentials}`) : url });
}
