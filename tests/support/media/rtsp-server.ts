/**
 * A small RTSP server that relays one live RTP stream (fed to it packet by packet) to its clients, over
 * UDP (`client_port`) or TCP interleaved on the RTSP connection, like an IP camera does. It answers
 * OPTIONS, DESCRIBE (with the SDP), SETUP, PLAY, TEARDOWN and GET/SET_PARAMETER keep-alives, and with
 * credentials set it requires HTTP Basic authentication (401 + `WWW-Authenticate: Basic realm=...`).
 */
import type dgram from 'node:dgram';
import net from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { bindUdpPair, closeServer, closeUdp, listenOn, trackConnections } from './ports.ts';
import { createRequestReader, formatResponse, interleavedFrame, parseTransport, type RequestedTransport, type RtspRequest } from './rtsp-protocol.ts';

export interface RtspRelayOptions {
  /** the mount clients ask for, e.g. `/live` */
  path: string;
  username?: string;
  password?: string;
}

interface Session {
  id: string;
  transport?: RequestedTransport;
  playing: boolean;
}

const CONTROL = 'streamid=0';
const MAX_CLIENT_BACKLOG = 8 * 1024 * 1024;
const REALM = 'test camera';

export class RtspRelay {
  readonly #server = net.createServer((socket) => this.#accept(socket));
  readonly #connections = trackConnections(this.#server);
  readonly #sessions = new Map<net.Socket, Session>();
  #udpOut: [dgram.Socket, dgram.Socket] | undefined;
  #mediaSdp = '';

  constructor(private readonly opts: RtspRelayOptions) {}

  /**
   * Listens on 127.0.0.1:`port` (0 for any) and resolves with the port. `mediaSdp` is the media section
   * of the stream's SDP (from `m=` on) as ffmpeg's RTP muxer wrote it, known once the stream flows.
   */
  async listen(port: number, mediaSdp: string): Promise<number> {
    this.#mediaSdp = mediaSdp;
    this.#udpOut = await bindUdpPair();
    return listenOn(this.#server, port);
  }

  async close(): Promise<void> {
    await closeServer(this.#server, this.#connections);
    this.#sessions.clear();
    if (this.#udpOut) await Promise.all(this.#udpOut.map(closeUdp));
  }

  /** Delivers one packet of the stream (RTP, or RTCP when `rtcp`) to every playing client. */
  relay(packet: Buffer, rtcp: boolean): void {
    for (const [socket, session] of this.#sessions) {
      const t = session.transport;
      if (!session.playing || !t) continue;
      if (t.kind === 'tcp') {
        if (socket.writableLength < MAX_CLIENT_BACKLOG) socket.write(interleavedFrame(rtcp ? t.rtcpChannel : t.rtpChannel, packet));
      } else if (socket.remoteAddress) {
        this.#udpOut?.[rtcp ? 1 : 0].send(packet, rtcp ? t.rtcpPort : t.rtpPort, socket.remoteAddress);
      }
    }
  }

  #accept(socket: net.Socket): void {
    const session: Session = { id: randomBytes(8).toString('hex'), playing: false };
    this.#sessions.set(socket, session);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.#sessions.delete(socket));
    const read = createRequestReader(
      (req) => {
        if (!socket.destroyed) socket.write(this.#answer(req, session));
        if (req.method === 'PLAY' && session.transport) session.playing = true;
      },
      () => socket.destroy(),
    );
    socket.on('data', read);
  }

  #authorized(req: RtspRequest): boolean {
    if (this.opts.username === undefined) return true;
    const token = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return false;
    const given = Buffer.from(token, 'base64');
    const expected = Buffer.from(`${this.opts.username}:${this.opts.password ?? ''}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #answer(req: RtspRequest, session: Session): Buffer {
    const cseq = req.headers.cseq;
    if (req.method === 'OPTIONS') return formatResponse(200, cseq, { Public: 'OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER, SET_PARAMETER' });
    if (!this.#authorized(req)) return formatResponse(401, cseq, { 'WWW-Authenticate': `Basic realm="${REALM}"` });
    let url: URL;
    try {
      url = new URL(req.uri);
    } catch {
      return formatResponse(400, cseq);
    }
    const mount = this.opts.path.replace(/\/$/, '');
    const pathname = url.pathname.replace(/\/$/, '');
    if (pathname !== mount && pathname !== `${mount}/${CONTROL}`) return formatResponse(404, cseq);
    const sessionHeader = { Session: `${session.id};timeout=60` };

    switch (req.method) {
      case 'DESCRIBE': {
        const base = `rtsp://${url.host}${mount}/`;
        return formatResponse(200, cseq, { 'Content-Base': base, 'Content-Type': 'application/sdp' }, this.#sdp());
      }
      case 'SETUP': {
        const transport = parseTransport(req.headers.transport);
        if (!transport) return formatResponse(461, cseq);
        session.transport = transport;
        const reply =
          transport.kind === 'tcp'
            ? `RTP/AVP/TCP;unicast;interleaved=${transport.rtpChannel}-${transport.rtcpChannel}`
            : `RTP/AVP/UDP;unicast;client_port=${transport.rtpPort}-${transport.rtcpPort};server_port=${this.#udpOut?.[0].address().port}-${this.#udpOut?.[1].address().port}`;
        return formatResponse(200, cseq, { ...sessionHeader, Transport: reply });
      }
      case 'PLAY':
        if (!session.transport) return formatResponse(455, cseq);
        return formatResponse(200, cseq, { ...sessionHeader, Range: 'npt=0.000-' });
      case 'TEARDOWN':
        session.playing = false;
        session.transport = undefined;
        return formatResponse(200, cseq, sessionHeader);
      case 'GET_PARAMETER':
      case 'SET_PARAMETER':
        return formatResponse(200, cseq, sessionHeader);
      default:
        return formatResponse(501, cseq);
    }
  }

  #sdp(): string {
    const media = this.#mediaSdp
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .map((line) => line.replace(/^m=(\w+) \d+ /, 'm=$1 0 '));
    return ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=Sentinel test camera', 'c=IN IP4 0.0.0.0', 't=0 0', 'a=control:*', ...media, `a=control:${CONTROL}`, ''].join('\r\n');
  }
}
