import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that can go silent like a dead network: while frozen it
 * forwards nothing either way and closes nothing (new connections hang too); thawing
 * drops the connections that were frozen, as a network that comes back would have.
 */
export async function startTcpProxy(targetPort: number) {
  let frozen = false;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; frozen: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const pair = { client, upstream, frozen };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on('data', (chunk) => {
        if (frozen || pair.frozen) pair.frozen = true;
        else to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    freeze() {
      frozen = true;
      for (const pair of pairs) pair.frozen = true;
    },
    thaw() {
      frozen = false;
      for (const pair of [...pairs]) {
        if (!pair.frozen) continue;
        pair.client.destroy();
        pair.upstream.destroy();
        pairs.delete(pair);
      }
    },
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
