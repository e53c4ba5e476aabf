/**
 * A UDP port can be bound by one socket only, yet a UDP camera may feed several consumers at once (frames,
 * HLS, a probe). The relay binds the port once (joining the group for a multicast address) and writes every
 * datagram, MPEG-TS packets, to each consumer's stdin. A consumer that cannot keep up loses datagrams
 * rather than slowing the others. The socket closes when the last consumer leaves.
 */
import dgram from 'node:dgram';
import type { Writable } from 'node:stream';

const MAX_BUFFERED = 4 * 1024 * 1024;

export class UdpRelay {
  readonly #consumers = new Set<Writable>();
  #socket: dgram.Socket | undefined;
  #bound: Promise<void> | undefined;
  lastPacketAt = 0;

  constructor(
    readonly url: string,
    private readonly onEmpty: () => void,
  ) {}

  /** Binds (once) and adds a consumer; rejects with a readable message when the port cannot be bound. */
  async attach(consumer: Writable): Promise<() => void> {
    this.#consumers.add(consumer);
    const detach = () => this.#detach(consumer);
    consumer.once('close', detach);
    consumer.on('error', detach);
    try {
      await (this.#bound ??= this.#bind());
    } catch (err) {
      detach();
      throw err;
    }
    return detach;
  }

  #bind(): Promise<void> {
    const url = new URL(this.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port);
    const socket = dgram.createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', reuseAddr: true });
    this.#socket = socket;
    socket.on('message', (packet) => {
      this.lastPacketAt = Date.now();
      for (const consumer of this.#consumers) {
        if (consumer.writableLength < MAX_BUFFERED) consumer.write(packet);
      }
    });
    return new Promise<void>((resolve, reject) => {
      socket.once('error', (err: NodeJS.ErrnoException) => {
        reject(new Error(err.code === 'EADDRINUSE' ? `UDP port ${port} is already in use on this server` : `cannot listen on ${this.url}: ${err.message}`));
      });
      const multicast = isMulticast(host);
      socket.bind({ port, address: multicast ? undefined : host, exclusive: false }, () => {
        try {
          if (multicast) socket.addMembership(host);
        } catch (err) {
          reject(new Error(`cannot join multicast group ${host}: ${(err as Error).message}`));
          return;
        }
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        resolve();
      });
    });
  }

  #detach(consumer: Writable): void {
    if (!this.#consumers.delete(consumer)) return;
    if (this.#consumers.size === 0) this.close();
  }

  close(): void {
    this.#consumers.clear();
    const socket = this.#socket;
    this.#socket = undefined;
    this.#bound = undefined;
    if (socket) {
      try {
        socket.close();
      } catch {
        // never bound
      }
    }
    this.onEmpty();
  }
}

function isMulticast(host: string): boolean {
  const first = Number(host.split('.')[0]);
  return (!host.includes(':') && first >= 224 && first <= 239) || /^ff/i.test(host);
}
