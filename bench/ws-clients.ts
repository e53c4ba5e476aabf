/**
 * A WebSocket client pool in its own process: opens N connections to the server, subscribes each to the
 * alerts channel, and reports the wall-clock time at which every connection received each alert.
 * Argument: JSON {url, token, count}. Writes JSON lines: {ready}, then {alert, receivedAt[]} per alert.
 */
import WebSocket from 'ws';

const { url, token, count } = JSON.parse(process.argv[2] ?? '{}') as { url: string; token: string; count: number };
const received = new Map<string, number[]>();
const sockets: WebSocket[] = [];
let subscribed = 0;

function out(msg: object): void {
  process.stdout.write(`${JSON.stringify(msg)}\n`);
}

for (let i = 0; i < count; i++) {
  const ws = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
  sockets.push(ws);
  ws.on('open', () => ws.send(JSON.stringify({ action: 'subscribe', channel: 'alerts' })));
  ws.on('error', (err) => out({ error: String(err) }));
  ws.on('message', (raw) => {
    const at = Date.now();
    const msg = JSON.parse((raw as Buffer).toString()) as { type: string; alert?: { title?: string } };
    if (msg.type === 'subscribed' && ++subscribed === count) out({ ready: count });
    if (msg.type === 'ping') ws.send('{"type":"pong"}');
    if (msg.type === 'alert' && msg.alert?.title) {
      const list = received.get(msg.alert.title) ?? [];
      list.push(at);
      received.set(msg.alert.title, list);
      if (list.length === count) out({ alert: msg.alert.title, receivedAt: list });
    }
  });
}

process.stdin.on('data', () => undefined);
process.stdin.on('end', () => {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
