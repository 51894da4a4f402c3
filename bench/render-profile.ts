// Where an uncached portal page's time goes: the app in this process (page cache off),
// N distinct article pages rendered one after another under the V8 CPU profiler, self
// time grouped by what runs it (React's server renderer, React Router, the database
// driver and engine, Express and the HTTP stack, our own code).
//
//   node --import tsx bench/render-profile.ts [--pages 400] [--database-url postgres://…]
//        [--search]   (new two-word searches, /tim-kiem?q=…, instead of article pages)
//        [--warm 1000] (pages rendered first, unmeasured: with 50 the JIT was still
//                       warming and a search page cost 12 ms of CPU instead of 6)
import '../server/production-mode.ts';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/client.ts';
import { parseEnv } from '../server/env.ts';
import { createLogger } from '../server/logger.ts';
import { startInstance } from '../server/server.ts';
import { loadServerBuild } from '../tests/support/server-build.ts';
import { rng, seedArticles, SYLLABLES } from './support/portal-data.ts';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '400' },
    'database-url': { type: 'string' },
    search: { type: 'boolean', default: false },
    warm: { type: 'string', default: '1000' },
  },
});
const n = Number(values.pages);

function category(url: string, fn: string): string {
  if (fn === '(idle)') return 'idle';
  if (fn === '(garbage collector)') return 'garbage collection';
  if (url.startsWith('wasm://')) return 'PGlite (database engine, WASM)';
  if (!url) return 'V8 built-ins and native code (regexps, JSON, buffers, crypto)';
  if (url.includes('react-dom')) return 'React server render (react-dom/server)';
  if (url.includes('/react-router') || url.includes('@react-router'))
    return 'React Router (request handling, data)';
  if (url.includes('/build/server/')) return 'our components and loaders (build/server)';
  if (url.includes('@electric-sql/pglite')) return 'PGlite (database engine, WASM)';
  if (url.includes('/pg/') || url.includes('pg-protocol') || url.includes('pg-pool'))
    return 'pg driver';
  if (url.includes('drizzle-orm')) return 'Drizzle (query building, mapping)';
  if (url.includes('/express/') || url.includes('/router/') || url.includes('pino'))
    return 'Express, pino-http';
  if (url.includes('sanitize-html') || url.includes('htmlparser2') || url.includes('parse5'))
    return 'HTML parsing';
  if (url.includes('i18next')) return 'i18next';
  if (url.startsWith('node:')) return 'Node core (http, streams)';
  if (url.includes('/work/') && !url.includes('node_modules'))
    return 'our server code (server/, domain/)';
  return 'other libraries';
}

async function main() {
  const database = values['database-url']
    ? await openDatabase({ url: values['database-url'] })
    : await openDatabase({});
  await database.migrate();
  await seedArticles(database, n);
  const instance = await startInstance(
    {
      env: parseEnv({ LOG_LEVEL: 'silent', PAGE_CACHE_MS: '0' }),
      database,
      secret: 'bench-secret-bench-secret-bench-secret-0',
      logger: createLogger('silent'),
      version: 'bench',
      build: await loadServerBuild(),
      janus: null,
    },
    { port: 0, host: '127.0.0.1' },
  );
  const get = async (path: string) => {
    const r = await fetch(`${instance.url}${path}`, { headers: { 'user-agent': 'Mozilla/5.0' } });
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
    await r.arrayBuffer();
  };
  // A search page for a new two-word query each time (as bench/portal.ts sends them), or
  // the i-th article's page.
  const rand = rng(7);
  const word = () => encodeURIComponent(SYLLABLES[Math.floor(rand() * SYLLABLES.length)]!);
  const path = (i: number) =>
    values.search ? `/tim-kiem?q=${word()}+${word()}&n=${i}` : `/tin-tuc/bai-viet-${i}`;
  for (let i = 1; i <= Number(values.warm); i++) await get(path(((i - 1) % n) + 1));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  for (let i = 1; i <= n; i++) await get(path(i));
  const wall = performance.now() - t0;
  const { profile } = await session.post('Profiler.stop');
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const detail = new Map<string, number>();
  const dt = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const node = byNode.get(id)!;
    const c = category(node.callFrame.url, node.callFrame.functionName);
    self.set(c, (self.get(c) ?? 0) + (dt[i] ?? 0) / 1000);
    if (c !== 'idle') {
      const k = `${c}: ${node.callFrame.url.replace(/.*node_modules\//, '')} ${node.callFrame.functionName}`;
      detail.set(k, (detail.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
    }
  });
  const idle = self.get('idle') ?? 0;
  const busy = [...self.values()].reduce((a, b) => a + b, 0) - idle;
  console.log(
    `${n} uncached ${values.search ? 'search' : 'article'} pages on ${values['database-url'] ? 'PostgreSQL' : 'PGlite'}: ${(wall / n).toFixed(2)} ms wall per page, ${(busy / n).toFixed(2)} ms of this process's CPU per page (idle ${(idle / n).toFixed(2)} ms: waiting for the database server)`,
  );
  console.log('| what | ms per page | share of CPU |');
  console.log('|---|---|---|');
  for (const [c, ms] of [...self].sort((a, b) => b[1] - a[1])) {
    if (c === 'idle') continue;
    console.log(`| ${c} | ${(ms / n).toFixed(3)} | ${((100 * ms) / busy).toFixed(1)} % |`);
  }
  console.log('\nLargest parts of "other libraries" and Node core (ms per page):');
  for (const [k, ms] of [...detail]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(process.env.PROFILE_TOP ?? 15)))
    console.log(`  ${(ms / n).toFixed(3)}  ${k}`);
  await instance.kill();
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
