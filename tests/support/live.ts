/** Test helpers for live connections: a WebSocket that records what it receives, and an SSE reader. */
import WebSocket from 'ws';

export interface RecordingSocket {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  /** resolves with the first message (already received or future) that matches */
  next(match: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number }>;
  send(msg: object): void;
}

export function openSocket(url: string, opts: { token?: string; headers?: Record<string, string>; autoPong?: boolean } = {}): Promise<RecordingSocket> {
  const target = opts.token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(opts.token)}` : url;
  const ws = new WebSocket(target, { headers: opts.headers ?? {}, autoPong: opts.autoPong ?? true });
  const messages: Record<string, unknown>[] = [];
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (raw) => {
    const m = JSON.parse((raw as Buffer).toString()) as Record<string, unknown>;
    messages.push(m);
    for (const w of [...waiters]) {
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        send: (msg) => ws.send(JSON.stringify(msg)),
        next(match, timeoutMs = 5000) {
          const found = messages.find(match);
          if (found) return Promise.resolve(found);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs);
            waiters.push({ match, resolve: (m) => (clearTimeout(timer), res(m)) });
          });
        },
      }),
    );
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

export interface SseReader {
  events: { event: string; data: Record<string, unknown> }[];
  next(match: (e: { event: string; data: Record<string, unknown> }) => boolean, timeoutMs?: number): Promise<{ event: string; data: Record<string, unknown> }>;
  close(): void;
}

export async function openSse(url: string): Promise<{ status: number; reader?: SseReader; body?: unknown }> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  if (res.status !== 200) return { status: res.status, body: await res.json() };
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    status: 200,
    reader: {
      events,
      close: () => controller.abort(),
      async next(match, timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        while (Date.now() < deadline) {
          const found = events.find(match);
          if (found) return found;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error(`no matching SSE event; got ${JSON.stringify(events)}`);
      },
    },
  };
}
