import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a local port, whose "network" can die silently:
 * `stall()` stops carrying bytes either way without closing anything (as a cut cable or
 * a dead mobile link does: neither end learns of it); `resume()` carries them again,
 * including a close that happened meanwhile.
 */
export async function startTcpProxy(targetPort: number) {
  let stalled = false;
  let accepted = 0;
  const pairs = new Set<[net.Socket, net.Socket]>();
  /** Connections of a link that died for good: never carried, never closed (until close()). */
  const abandoned = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((down) => {
    accepted++;
    const up = net.connect(targetPort, '127.0.0.1');
    const pair: [net.Socket, net.Socket] = [down, up];
    pairs.add(pair);
    for (const [from, to] of [
      [down, up],
      [up, down],
    ] as const) {
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        pairs.delete(pair);
        to.destroy();
      });
      if (stalled) from.pause();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    /** Connections accepted so far. */
    accepted: () => accepted,
    /** Stops carrying bytes (reading neither side), closing nothing. */
    stall() {
      stalled = true;
      for (const [down, up] of pairs) {
        down.unpipe(up);
        up.unpipe(down);
        down.pause();
        up.pause();
      }
    },
    /** Carries bytes again; what was held, and any close, go through now. */
    resume() {
      stalled = false;
      for (const [down, up] of pairs) {
        down.pipe(up);
        up.pipe(down);
        down.resume();
        up.resume();
      }
    },
    /**
     * The link comes back as a new one: new connections are carried, those held while
     * stalled never are, nor closed (a dead link's connections stay silent forever).
     */
    abandon() {
      stalled = false;
      for (const pair of pairs) abandoned.add(pair);
      pairs.clear();
    },
    async close() {
      for (const [down, up] of [...pairs, ...abandoned]) {
        down.destroy();
        up.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
