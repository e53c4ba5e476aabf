/**
 * Local ports for the media fixtures: free TCP/UDP ports, binding UDP sockets, and listening/closing TCP
 * servers so that a stopped fixture refuses connections and a restarted one gets the same port back.
 */
import dgram from 'node:dgram';
import net from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (bound to 0, read, closed). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listenOn(server, 0);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const socket = await bindUdp(0);
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export function bindUdp(port: number): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined); // a failed send to a vanished client must not crash the test run
      resolve(socket);
    });
  });
}

export function closeUdp(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // already closed
    }
  });
}

/** Two UDP sockets on consecutive ports (RTP on an even port, RTCP on the next), as RTSP clients expect. */
export async function bindUdpPair(): Promise<[dgram.Socket, dgram.Socket]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const rtp = await bindUdp(0);
    const port = rtp.address().port;
    if (port % 2 === 0 && port < 65535) {
      try {
        return [rtp, await bindUdp(port + 1)];
      } catch {
        // the neighbour is taken: try another pair
      }
    }
    await closeUdp(rtp);
  }
  throw new Error('no free pair of consecutive UDP ports');
}

/** Listens on 127.0.0.1:`port` (0 for any) and resolves with the bound port. */
export function listenOn(server: net.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/**
 * Tracks the connections of `server` so that `closeServer` can end them: a stopped fixture must drop
 * its clients, not only stop accepting new ones.
 */
export function trackConnections(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return sockets;
}

export function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
}
