// A reference for the hot page: one bare Node process answering every request with the
// bytes and headers the app sent for that page, and nothing else (no routing, no cache
// lookup, no framework). What one Node process can do on this machine, whatever the app.
//
//   node bench/support/bare-server.mjs <port> <answer.json>
// answer.json: { "headers": [name, value, …], "body": "<base64>" }
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, file] = process.argv.slice(2);
const answer = JSON.parse(readFileSync(file, 'utf8'));
const body = Buffer.from(answer.body, 'base64');
const head = [...answer.headers, 'content-length', String(body.length), 'x-request-id', ''];
createServer((req, res) => {
  head[head.length - 1] = randomUUID();
  res.writeHead(200, head);
  res.end(body);
}).listen(Number(port), '127.0.0.1');
