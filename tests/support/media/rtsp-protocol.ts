/**
 * The RTSP/1.0 wire format for the test RTSP server: reading requests off a TCP connection (skipping the
 * `$`-framed RTCP a TCP-interleaved client sends back), writing responses, interleaved RTP framing, and
 * parsing the client's `Transport` header.
 */

export interface RtspRequest {
  method: string;
  uri: string;
  /** header names in lower case */
  headers: Record<string, string>;
  body: Buffer;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 64 * 1024;
const INTERLEAVED_MARKER = 0x24; // '$'

/** Returns a function to feed with connection data; it calls `onRequest` for every complete request. */
export function createRequestReader(onRequest: (req: RtspRequest) => void, onGarbage: () => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (pending.length === 0) return;
      if (pending[0] === INTERLEAVED_MARKER) {
        if (pending.length < 4) return;
        const end = 4 + pending.readUInt16BE(2);
        if (pending.length < end) return;
        pending = pending.subarray(end); // a receiver report: nothing to do with it
        continue;
      }
      const headerEnd = pending.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (pending.length > MAX_HEADER_BYTES) onGarbage();
        return;
      }
      const [requestLine = '', ...lines] = pending.subarray(0, headerEnd).toString('utf8').split('\r\n');
      const [method, uri, version] = requestLine.trim().split(/\s+/);
      if (!method || !uri || !version?.startsWith('RTSP/')) return onGarbage();
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const bodyStart = headerEnd + HEADER_END.length;
      const bodyEnd = bodyStart + Number(headers['content-length'] ?? 0);
      if (pending.length < bodyEnd) return;
      const body = Buffer.from(pending.subarray(bodyStart, bodyEnd));
      pending = pending.subarray(bodyEnd);
      onRequest({ method, uri, headers, body });
    }
  };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  461: 'Unsupported Transport',
  501: 'Not Implemented',
};

export function formatResponse(status: number, cseq: string | undefined, headers: Record<string, string> = {}, body = ''): Buffer {
  const lines = [`RTSP/1.0 ${status} ${REASONS[status] ?? 'Error'}`, `CSeq: ${cseq ?? '0'}`, 'Server: sentinel-test-rtsp'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** An RTP or RTCP packet framed for delivery on the RTSP connection (`$`, channel, length, packet). */
export function interleavedFrame(channel: number, packet: Buffer): Buffer {
  const header = Buffer.from([INTERLEAVED_MARKER, channel, packet.length >> 8, packet.length & 0xff]);
  return Buffer.concat([header, packet]);
}

export type RequestedTransport = { kind: 'tcp'; rtpChannel: number; rtcpChannel: number } | { kind: 'udp'; rtpPort: number; rtcpPort: number };

function range(spec: string | undefined): [number, number] | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(spec ?? '');
  if (!match) return undefined;
  const first = Number(match[1]);
  return [first, match[2] === undefined ? first + 1 : Number(match[2])];
}

/** The first transport of a SETUP `Transport` header that this server can honour (unicast RTP). */
export function parseTransport(header: string | undefined): RequestedTransport | undefined {
  for (const spec of (header ?? '').split(',')) {
    const [profile = '', ...params] = spec.trim().split(';');
    const values = new Map(params.map((p) => [p.split('=')[0]?.trim() ?? '', p.split('=')[1]?.trim()] as const));
    if (values.has('multicast')) continue;
    if (/^RTP\/AVP\/TCP$/i.test(profile)) {
      const [rtpChannel, rtcpChannel] = range(values.get('interleaved')) ?? [0, 1];
      return { kind: 'tcp', rtpChannel, rtcpChannel };
    }
    if (/^RTP\/AVP(\/UDP)?$/i.test(profile)) {
      const ports = range(values.get('client_port'));
      if (ports) return { kind: 'udp', rtpPort: ports[0], rtcpPort: ports[1] };
    }
  }
  return undefined;
}
