// The embedded database in a thread of its own (db/pglite-thread.ts is the other side):
// PGlite's engine runs synchronously in WebAssembly, so in the server's thread every
// statement held up the pages, the live sessions and the edges' messages for as long as
// it ran. Plain JavaScript, so that it loads without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

const port = parentPort;
const { dataDir, loadDataDir } = workerData;

let client;
try {
  client = await PGlite.create({
    dataDir,
    extensions: { unaccent, pg_trgm },
    ...(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : {}),
  });
} catch (err) {
  port.postMessage({ opened: false, error: serialize(err) });
  process.exit(0);
}

// Every statement and transaction of PGlite runs through this one lock: the time spent
// waiting for it (behind an open transaction), for the metrics.
const stats = { lockWaitedMs: 0 };
const exclusive = client._runExclusiveTransaction.bind(client);
client._runExclusiveTransaction = (fn) => {
  const asked = performance.now();
  return exclusive(() => {
    stats.lockWaitedMs += performance.now() - asked;
    return fn();
  });
};

/** Transactions open, by id: their handle and how to end them. */
const transactions = new Map();
let nextTransaction = 1;
/** Channels listened to: the function that stops it. */
const listening = new Map();

/** An error as plain data: its message and the fields PostgreSQL sent (code, constraint…). */
function serialize(err) {
  const out = { message: String(err?.message ?? err), name: err?.name ?? 'Error' };
  if (err && typeof err === 'object')
    for (const [k, v] of Object.entries(err))
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  return out;
}

/** Types whose text is kept as it came (what drizzle asks for dates and intervals). */
function queryOptions(m) {
  const options = {};
  if (m.rowMode) options.rowMode = m.rowMode;
  if (m.textTypes?.length)
    options.parsers = Object.fromEntries(m.textTypes.map((oid) => [oid, (v) => v]));
  return options;
}

function on(m) {
  const target = m.tx ? transactions.get(m.tx)?.tx : client;
  if (m.tx && !target) throw new Error('The transaction is no longer open');
  switch (m.op) {
    case 'query':
      return target.query(m.sql, m.params, queryOptions(m));
    case 'exec':
      return target.exec(m.sql);
    case 'begin':
      return begin();
    case 'end':
      return end(m.tx, m.commit);
    case 'listen': {
      return client
        .listen(m.channel, (payload) => port.postMessage({ notify: m.channel, payload }))
        .then((unlisten) => {
          listening.set(m.channel, unlisten);
        });
    }
    case 'unlisten': {
      const unlisten = listening.get(m.channel);
      listening.delete(m.channel);
      return unlisten?.();
    }
    case 'dump':
      return dump(m.compression);
    case 'close':
      return client.close();
    default:
      throw new Error(`Unknown operation ${m.op}`);
  }
}

async function begin() {
  const id = nextTransaction++;
  let opened;
  const ready = new Promise((resolve) => (opened = resolve));
  const entry = {};
  entry.done = client.transaction(async (tx) => {
    entry.tx = tx;
    const outcome = new Promise((resolve, reject) => {
      entry.commit = resolve;
      entry.rollback = reject;
    });
    transactions.set(id, entry);
    opened();
    await outcome;
  });
  entry.done.catch(() => {});
  await Promise.race([ready, entry.done]);
  return id;
}

async function end(id, commit) {
  const entry = transactions.get(id);
  transactions.delete(id);
  if (!entry) return;
  if (commit) {
    entry.commit();
    await entry.done;
  } else {
    entry.rollback(new Error('rolled back'));
    await entry.done.catch(() => {});
  }
}

async function dump(compression) {
  await client.exec('checkpoint');
  // Every statement and transaction holds this lock (PGlite 0.5): while the copy is read,
  // none is open, so the copy is what a clean stop would leave.
  const file = await client._runExclusiveTransaction(() => client.dumpDataDir(compression));
  return new Uint8Array(await file.arrayBuffer());
}

// Statements outside a transaction run one after another, in the order they came (as
// PGlite's own lock would run them); those of an open transaction go straight to it.
let turn = Promise.resolve();
port.on('message', (m) => {
  let began = 0;
  const run = () => {
    began = performance.now();
    // Begun: no longer waiting (the pool's gauge on the other side).
    port.postMessage({ started: m.id });
    return on(m);
  };
  const work = m.tx ? Promise.resolve().then(run) : turn.then(run);
  if (!m.tx) turn = work.catch(() => {});
  // handledMs: how long it ran here (the rest of the wait the other side sees, it waited
  // for its turn).
  const answer = (reply, transfer) =>
    port.postMessage({ id: m.id, ...reply, handledMs: performance.now() - began, stats }, transfer);
  work
    .then((result) =>
      answer({ ok: true, result }, result instanceof Uint8Array ? [result.buffer] : []),
    )
    .catch((err) => answer({ ok: false, error: serialize(err) }));
});
port.postMessage({ opened: true });
