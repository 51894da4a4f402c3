// A child process holding many live screens (WebSocket clients), so that no process needs
// more open files than the machine allows (20,000 here). Forked by bench/live-fanout.ts
// and bench/national-session.ts; talks to its parent over IPC:
//   parent → {type:'open', url, origin, conferenceId, screens, addresses, siteId?}
//   worker → {type:'opened', open, failed}
//   parent → {type:'report', expectMarkers?, expectSeq?, waitMs}
//   worker → {type:'report', …counts, latency histograms}
// Each screen checks its events arrive once, in order, with no gap (seq), and measures
// command→screen latency from a marker `@T<epoch ms>` in the event's text, and
// event→screen latency from the event's server time `at`.
import { WebSocket } from 'ws';
import { Histogram } from './cluster.ts';

interface Screen {
  ws: WebSocket;
  seq: number;
  markers: number;
  gaps: number;
  repeats: number;
  closed: boolean;
}

const screens: Screen[] = [];
const marker = new Histogram();
const atLatency = new Histogram();
let messages = 0;
const MARK = /@T(\d+(?:\.\d+)?)/;
const now = () => performance.timeOrigin + performance.now();

function openOne(
  url: string,
  origin: string,
  localAddress: string,
  conferenceId: string,
  siteId?: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { origin }, localAddress, perMessageDeflate: false });
    const s: Screen = { ws, seq: -1, markers: 0, gaps: 0, repeats: 0, closed: false };
    let settled = false;
    ws.once('open', () => {
      settled = true;
      screens.push(s);
      ws.send(JSON.stringify({ t: 'subscribe', conferenceId, ...(siteId ? { siteId } : {}) }));
      resolve(true);
    });
    ws.on('error', () => {
      if (!settled) resolve(false);
    });
    ws.on('close', () => (s.closed = true));
    ws.on('message', (data) => {
      messages++;
      const m = JSON.parse(String(data));
      if (m.t === 'snapshot') {
        s.seq = Number(m.state?.seq ?? 0);
        return;
      }
      if (m.t !== 'events' || s.seq < 0) return;
      const t = now();
      for (const e of m.events) {
        if (e.seq <= s.seq) s.repeats++;
        else if (e.seq > s.seq + 1) s.gaps++;
        s.seq = Math.max(s.seq, e.seq);
        if (typeof e.at === 'number') atLatency.add(t - e.at);
        const text = e.text ?? e.delegateName ?? e.note;
        if (typeof text === 'string') {
          const mk = MARK.exec(text);
          if (mk) {
            marker.add(t - Number(mk[1]));
            s.markers++;
          }
        }
      }
    });
  });
}

async function handle(msg: Record<string, unknown>) {
  if (msg.type === 'open') {
    const addresses = msg.addresses as string[];
    const total = Number(msg.screens);
    let open = 0;
    let failed = 0;
    for (let i = 0; i < total; i += 100) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(100, total - i) }, (_, k) =>
          openOne(
            String(msg.url),
            String(msg.origin),
            addresses[(i + k) % addresses.length]!,
            String(msg.conferenceId),
            msg.siteId as string | undefined,
          ),
        ),
      );
      for (const ok of batch)
        if (ok) open++;
        else failed++;
    }
    // Every screen has its snapshot before the parent starts.
    const deadline = Date.now() + 60_000;
    while (screens.some((s) => s.seq < 0 && !s.closed) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    process.send!({ type: 'opened', open, failed });
  } else if (msg.type === 'report') {
    const expectMarkers = msg.expectMarkers as number | undefined;
    const expectSeq = msg.expectSeq as number | undefined;
    const done = () =>
      screens.every(
        (s) =>
          s.closed ||
          ((expectMarkers === undefined || s.markers >= expectMarkers) &&
            (expectSeq === undefined || s.seq >= expectSeq)),
      );
    const deadline = Date.now() + Number(msg.waitMs ?? 30_000);
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const report = {
      type: 'report',
      screens: screens.length,
      closed: screens.filter((s) => s.closed).length,
      markers: screens.reduce((a, s) => a + s.markers, 0),
      atExpectedSeq:
        expectSeq === undefined ? null : screens.filter((s) => s.seq === expectSeq).length,
      minSeq: Math.min(...screens.map((s) => s.seq)),
      maxSeq: Math.max(...screens.map((s) => s.seq)),
      gaps: screens.reduce((a, s) => a + s.gaps, 0),
      repeats: screens.reduce((a, s) => a + s.repeats, 0),
      messages,
      marker: marker.toJSON(),
      at: atLatency.toJSON(),
    };
    for (const s of screens) s.ws.terminate();
    process.send!(report, () => process.exit(0));
  }
}

process.on('message', (msg: Record<string, unknown>) => void handle(msg));
process.send!({ type: 'ready' });
