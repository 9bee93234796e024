/** Server-Sent Events to the preview's pages: one stream per open page, a `reload` event after each rebuild. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** The open event streams. */
export interface EventHub {
  /** Answers a request for the stream and keeps it open. */
  connect(req: IncomingMessage, res: ServerResponse): void;
  /** Sends `event` with JSON `data` to every open stream. */
  send(event: string, data: unknown): void;
  /** Number of open streams. */
  readonly size: number;
  /** Ends every stream. */
  close(): void;
}

/** A hub that sends a comment every `heartbeatMs` so proxies and browsers keep the streams open. */
export function createEventHub(heartbeatMs = 15_000): EventHub {
  const clients = new Set<ServerResponse>();
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(": ping\n\n");
  }, heartbeatMs);
  heartbeat.unref();
  return {
    connect(req, res) {
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        connection: "keep-alive",
        "x-content-type-options": "nosniff",
      });
      res.write("retry: 1000\n: connected\n\n");
      clients.add(res);
      req.on("close", () => clients.delete(res));
    },
    send(event, data) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const res of clients) res.write(frame);
    },
    get size() {
      return clients.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
