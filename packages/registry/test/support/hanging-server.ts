import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';

/** An HTTP server that accepts requests and never answers: a package index that hangs. */
export interface HangingServer {
  readonly url: string;
  /** Resolves when the next request arrives (pip is then waiting on it). */
  nextRequest(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a {@link HangingServer} on 127.0.0.1. */
export async function startHangingServer(): Promise<HangingServer> {
  const sockets = new Set<Socket>();
  let waiting: (() => void)[] = [];
  const server: Server = createServer(() => {
    const current = waiting;
    waiting = [];
    for (const notify of current) notify();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    nextRequest: () => new Promise<void>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
