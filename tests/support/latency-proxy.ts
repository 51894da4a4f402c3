import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a local port that delays every chunk by
 * `latencyMs` in each direction (order kept), like a slow network between the app and
 * its database. `setLatency` changes it for what passes from then on.
 */
export async function startLatencyProxy(targetPort: number, latencyMs = 0) {
  let latency = latencyMs;
  const sockets = new Set<net.Socket>();
  const relay = (from: net.Socket, to: net.Socket) => {
    // Each chunk leaves no earlier than the one before it.
    let last = 0;
    from.on('data', (chunk) => {
      const at = Math.max(Date.now() + latency, last);
      last = at;
      const send = () => to.writable && to.write(chunk);
      if (at <= Date.now()) send();
      else setTimeout(send, at - Date.now());
    });
    from.on('end', () => setTimeout(() => to.end(), Math.max(0, last - Date.now())));
    from.on('error', () => to.destroy());
    from.on('close', () => to.destroy());
  };
  const server = net.createServer((down) => {
    const up = net.connect(targetPort, '127.0.0.1');
    sockets.add(down).add(up);
    down.on('close', () => sockets.delete(down));
    up.on('close', () => sockets.delete(up));
    relay(down, up);
    relay(up, down);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    setLatency(ms: number) {
      latency = ms;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
