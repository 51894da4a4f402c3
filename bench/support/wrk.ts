/** What `wrk --latency` printed: requests, rate, non-2xx/3xx and a percentile in ms. */
export function readWrk(stdout: string) {
  const toMs = (v: string) =>
    v.endsWith('us')
      ? parseFloat(v) / 1000
      : v.endsWith('ms')
        ? parseFloat(v)
        : v.endsWith('m')
          ? parseFloat(v) * 60_000
          : parseFloat(v) * 1000;
  return {
    total: Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? '0'),
    socketErrors: /Socket errors: ([^\n]+)/.exec(stdout)?.[1] ?? 'none',
    /** The latency at percentile `q` ('50', '99'…), in ms; NaN when not printed. */
    percentileMs(q: string) {
      const m = new RegExp(`${q}%\\s+([\\d.]+\\w+)`).exec(stdout);
      return m ? toMs(m[1]!) : NaN;
    },
  };
}
