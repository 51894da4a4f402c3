import type { IncomingMessage } from 'node:http';

/**
 * Between the process holding the embedded database (the owner) and its edge processes
 * (server/edge.ts; docs/decisions/0016-edge-processes.md). Edges forward requests to the
 * owner's private socket with the client's address in CLIENT_HEADER; the owner trusts it
 * because nothing else can reach that socket (a directory only this user may enter).
 */
export const CLIENT_HEADER = 'x-dt-client';

/** The owner's private socket, handed to the edges in their environment. */
export const EDGE_SOCKET_ENV = 'DT_EDGE_SOCKET';

/** IPC messages (owner ⇄ edge). */
export const EDGE_MESSAGES = {
  /** owner → edge: what its pages are kept by now; every page kept before is dropped. */
  generation: 'doithoai:edge:generation',
  /**
   * edge → owner: view beacons `{ id, views: [articleId, counted][] }`, counted (when
   * `counted`) by the owner's beacon.
   */
  viewsBeacon: 'doithoai:edge:views-beacon',
  /** owner → edge: `{ id, answers }` (each beacon's count to show, null: no live article) or `{ id, error }`. */
  viewsAnswer: 'doithoai:edge:views-answer',
  /** owner → edge: stop taking requests, answer those taken, exit. */
  stop: 'doithoai:edge:stop',
} as const;

export interface EdgeMessage {
  type?: string;
  generation?: number;
  id?: number;
  views?: [string, boolean][];
  answers?: (number | null)[];
  error?: string;
}

/**
 * A request the owner received from an edge: its socket's address becomes the client's
 * as the edge saw it (Express's `req.ip`, the rate limits, the audit trail read it there).
 * One request at a time uses an edge's connection, and an upgrade keeps it for itself.
 */
export function clientFromEdge(req: IncomingMessage): void {
  const client = req.headers[CLIENT_HEADER];
  delete req.headers[CLIENT_HEADER];
  Object.defineProperty(req.socket, 'remoteAddress', {
    value: typeof client === 'string' && client ? client : undefined,
    configurable: true,
  });
}
