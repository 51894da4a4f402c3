// The reference for bench/live-fanout.ts: a bare `ws` server that broadcasts each
// command it receives to every connected socket, with nothing else in the way
// (no database, no log, no reducer). Same wire format as the app's events.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

const server = createServer();
const wss = new WebSocketServer({ server, path: '/ws' });
const sockets = new Set<WebSocket>();
let seq = 0;

wss.on('connection', (ws) => {
  sockets.add(ws);
  ws.on('close', () => sockets.delete(ws));
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.t === 'subscribe')
      ws.send(JSON.stringify({ t: 'snapshot', conferenceId: m.conferenceId, state: { seq } }));
    if (m.t === 'command') {
      seq++;
      ws.send(JSON.stringify({ t: 'ack', commandId: m.commandId, seq }));
      const event = JSON.stringify({
        t: 'events',
        conferenceId: m.conferenceId,
        events: [
          { type: 'announcement.posted', text: m.command.text, seq, at: Date.now(), actor: null },
        ],
      });
      for (const s of sockets) s.send(event);
    }
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : ''}\n`);
});
process.on('SIGTERM', () => process.exit(0));
