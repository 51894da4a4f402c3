import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Database } from '../db/database.ts';
import { resolveSession } from '../domain/auth/sessions.ts';
import type { Actor } from '../domain/auth/policies.ts';
import { SESSION_COOKIE, readCookies } from './http/cookies.ts';
import { isCrossOriginWrite } from './http/origin-check.ts';

export const WS_PATH = '/ws';
const HEARTBEAT_MS = 30_000;

interface Client {
  socket: WebSocket;
  actor: Actor | null;
  alive: boolean;
}

/**
 * The WebSocket endpoint on the app's own HTTP server. Screens connect here; the live
 * session pushes its events through it. Closing sends 1012 (service restart) so that
 * clients reconnect to another instance or after the restart.
 */
export function attachGateway(
  server: Server,
  deps: { db: Database; secret: string; logger: Logger; publicOrigin: string | null },
) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const clients = new Set<Client>();

  const refuse = (socket: Duplex, status: string) => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH) return refuse(socket, '404 Not Found');
    const ownOrigins = [`http://${req.headers.host}`, `https://${req.headers.host}`];
    if (deps.publicOrigin) ownOrigins.push(deps.publicOrigin);
    // A page on another site must not open a socket with this site's cookie.
    if (isCrossOriginWrite({ method: 'POST', headers: req.headers, ownOrigins })) {
      return refuse(socket, '403 Forbidden');
    }
    const token = readCookies(req.headers.cookie)[SESSION_COOKIE];
    (token ? resolveSession({ db: deps.db, token, secret: deps.secret }) : Promise.resolve(null))
      .then((session) => {
        wss.handleUpgrade(req, socket, head, (ws) => {
          const client: Client = { socket: ws, actor: session?.actor ?? null, alive: true };
          clients.add(client);
          ws.on('pong', () => (client.alive = true));
          ws.on('close', () => clients.delete(client));
          ws.on('error', (err) => deps.logger.debug({ err }, 'websocket error'));
          ws.on('message', (data) => {
            let message: unknown;
            try {
              message = JSON.parse(String(data));
            } catch {
              ws.send(JSON.stringify({ type: 'error', code: 'bad_json' }));
              return;
            }
            if ((message as { type?: unknown }).type === 'ping') {
              ws.send(JSON.stringify({ type: 'pong', serverTime: Date.now() }));
            }
          });
          ws.send(
            JSON.stringify({
              type: 'hello',
              serverTime: Date.now(),
              user: client.actor ? { id: client.actor.id, name: client.actor.name } : null,
            }),
          );
        });
      })
      .catch((err: unknown) => {
        deps.logger.error({ err }, 'websocket upgrade failed');
        refuse(socket, '500 Internal Server Error');
      });
  });

  const heartbeat = setInterval(() => {
    for (const client of clients) {
      if (!client.alive) {
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    get size() {
      return clients.size;
    },
    /** Closes every socket with `code` and stops accepting new ones. */
    close(code = 1012, reason = 'Service restart') {
      clearInterval(heartbeat);
      for (const client of clients) client.socket.close(code, reason);
      wss.close();
    },
  };
}
