import './production-mode.ts';
import { spawnSync } from 'node:child_process';
import cluster from 'node:cluster';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from 'react-router';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { DataDirLockedError, lockDataDir } from '../db/data-dir-lock.ts';
import { projectRoot } from '../db/project-root.ts';
import { isEmpty, loadDemoData } from '../domain/demo/demo-data.ts';
import { deleteExpiredSessions } from '../domain/auth/sessions.ts';
import { AUDIT_PURGE_INTERVAL_MS, purgeAuditLog } from '../domain/audit/purge-audit-log.ts';
import { isAppError } from '../domain/errors.ts';
import { FILE_SWEEP_INTERVAL_MS, sweepUnusedFiles } from '../domain/files/unused-files.ts';
import { applyRetention, RETENTION_INTERVAL_MS } from '../domain/privacy/apply-retention.ts';
import { EnvError, parseEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { loadSessionSecret } from './session-secret.ts';
import { findJanus, janusVersion, superviseJanus } from './media/janus-process.ts';
import { startInstance } from './server.ts';
import { serveBackupSocket } from './backup/backup-socket.ts';
import { auditCopy } from './backup/backup.ts';
import { serveClusterMetrics } from './metrics/cluster-metrics.ts';
import { runEdge, startEdges } from './edge.ts';
import { EDGE_SOCKET_ENV } from './edge-protocol.ts';

const root = projectRoot;

/** `port` if it is free on `host` (0: any free one). */
function freePort(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(port, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main() {
  // Where start-up time goes (ms since the process started), logged with 'listening'.
  const startup: Record<string, number> = { modules: Math.round(performance.now()) };
  const mark = (phase: string) => (startup[phase] = Math.round(performance.now()));
  let env;
  try {
    env = parseEnv();
  } catch (err) {
    if (err instanceof EnvError) fail(err.message);
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  const version = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  // An edge in front of the embedded database's process (server/edge.ts).
  if (cluster.isWorker && process.env[EDGE_SOCKET_ENV]) return runEdge(env, logger, version);
  if (cluster.isPrimary && env.WEB_CONCURRENCY > 1 && env.DATABASE_URL)
    return runWorkers(env, logger);
  // WEB_CONCURRENCY > 1 on the embedded database: this process holds it and answers on a
  // private socket; that many edge processes share the public port.
  const edgeCount = !env.DATABASE_URL && env.WEB_CONCURRENCY > 1 ? env.WEB_CONCURRENCY : 0;
  // The edges' port is the site's: when PORT is 0, one is chosen now (the pages' addresses
  // need it before the edges listen); a port in use is refused now, not by each edge.
  if (edgeCount) {
    try {
      env = { ...env, PORT: await freePort(env.HOST, env.PORT) };
    } catch (err) {
      fail(`Cannot listen on ${env.HOST}:${env.PORT}: ${(err as Error).message}`);
    }
  }

  const dataDir = resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const secret = loadSessionSecret(dataDir, env.SESSION_SECRET);

  let lock: { release(): void } | undefined;
  if (!env.DATABASE_URL) {
    try {
      lock = lockDataDir(dataDir);
    } catch (err) {
      if (err instanceof DataDirLockedError) fail(err.message);
      throw err;
    }
  }

  // The pages' bundle loads while the database opens (PGlite compiles its WebAssembly).
  const buildPath = join(root, 'build/server/index.js');
  const pages = import(pathToFileURL(buildPath).href) as Promise<ServerBuild>;
  pages.catch(() => {}); // reported where it is awaited

  let database: DatabaseHandle;
  try {
    database = await openDatabase({
      url: env.DATABASE_URL,
      listenUrl: env.DATABASE_LISTEN_URL,
      dataDir: join(dataDir, 'pglite'),
      onError: (err) => logger.error({ err }, 'database connection error'),
      // As a crash of the engine in this thread would: the service manager starts it again.
      onLost: (err) => {
        logger.fatal({ err }, 'the embedded database stopped');
        process.exit(1);
      },
    });
    mark('database');
    await database.migrate();
    mark('migrations');
  } catch (err) {
    lock?.release();
    fail(`Cannot open the database: ${(err as Error).message}`);
  }

  // The embedded database's backups while it runs (docs/decisions/0013-backups.md).
  let backupSocket: { close(): Promise<void> } | undefined;
  if (database.dumpDataDir) {
    const copy = database.dumpDataDir.bind(database);
    const dump = async () => {
      const started = Date.now();
      const data = await copy();
      // Writes waited this long (docs/operations.md).
      logger.info({ bytes: data.size, ms: Date.now() - started }, 'backup: database copied');
      await auditCopy(database.db, data.size);
      return data;
    };
    try {
      backupSocket = await serveBackupSocket(dataDir, dump, (err) =>
        logger.error({ err }, 'backup: database copy failed'),
      );
    } catch (err) {
      logger.warn({ err }, 'backup socket not available: back up with the server stopped');
    }
  }

  const wantDemo = process.argv.includes('--demo') || !env.DATABASE_URL;
  if (wantDemo && (await isEmpty(database.db))) {
    try {
      const demo = await loadDemoData(database.db);
      process.stdout.write(
        `\nDemo data loaded. Demo administrator (shown once, keep it):\n  e-mail:   ${demo.email}\n  password: ${demo.password}\n\n`,
      );
    } catch (err) {
      // Another instance loaded it first.
      if (!isAppError(err) || err.code !== 'email_taken') throw err;
    }
  }

  mark('demo');
  let build: ServerBuild;
  try {
    build = await pages;
  } catch (err) {
    fail(`Cannot load ${buildPath} (run "npm run build"): ${(err as Error).message}`);
  }

  mark('pages');
  const cleanup = setInterval(
    () => {
      deleteExpiredSessions({ db: database.db }).catch((err: unknown) =>
        logger.warn({ err }, 'session cleanup failed'),
      );
    },
    60 * 60 * 1000,
  );
  cleanup.unref();

  // Files nothing uses any more (a removed document's, once its undo has expired).
  let unusedFiles: ReadonlySet<string> = new Set();
  const fileSweep = setInterval(() => {
    sweepUnusedFiles({ db: database.db, seen: unusedFiles }).then(
      ({ deleted, unused }) => {
        unusedFiles = unused;
        if (deleted) logger.info({ deleted }, 'unused files deleted');
      },
      (err: unknown) => logger.warn({ err }, 'file sweep failed'),
    );
  }, FILE_SWEEP_INTERVAL_MS);
  fileSweep.unref();

  // Personal data (Nghị định 13/2023/NĐ-CP): contacts kept past the notice's period are
  // erased, once at start and daily; idempotent, so several instances may all run it.
  const retention = () =>
    applyRetention({ db: database.db }).then(
      ({ conferences }) => {
        if (conferences.length) logger.info({ conferences }, 'personal data retention applied');
      },
      (err: unknown) => logger.warn({ err }, 'personal data retention failed'),
    );
  void retention();
  const retentionJob = setInterval(() => void retention(), RETENTION_INTERVAL_MS);
  retentionJob.unref();

  // The audit trail keeps AUDIT_RETENTION_DAYS: older entries go once a day (and at boot).
  const purgeAudit = () =>
    purgeAuditLog({ db: database.db, retentionDays: env.AUDIT_RETENTION_DAYS }).then(
      ({ deleted, cutoff }) => {
        if (deleted) logger.info({ deleted, before: cutoff }, 'old audit entries removed');
      },
      (err: unknown) => logger.warn({ err }, 'audit purge failed'),
    );
  void purgeAudit();
  const auditPurge = setInterval(() => void purgeAudit(), AUDIT_PURGE_INTERVAL_MS);
  auditPurge.unref();

  // Media: the operator's Janus (JANUS_URL), a Janus of our own, or none.
  let ownJanus: Awaited<ReturnType<typeof superviseJanus>> | null = null;
  let janus: { url: string; roomAdminKey: string } | null = null;
  if (env.JANUS_URL && env.JANUS_URL !== 'off') {
    janus = { url: env.JANUS_URL, roomAdminKey: env.JANUS_ADMIN_KEY! };
  } else if (!env.JANUS_URL) {
    const bin = findJanus();
    if (bin) {
      try {
        ownJanus = await superviseJanus({
          dir: join(dataDir, 'janus'),
          bin,
          iceEnforce: env.JANUS_ICE_ENFORCE,
          onRestart: (code) => logger.warn({ code }, 'janus exited; starting it again'),
          onLog: (line) => {
            if (/\[ERR\]/.test(line)) logger.warn({ janus: line }, 'janus');
          },
        });
        janus = { url: ownJanus.url, roomAdminKey: ownJanus.roomAdminKey };
        process.stdout.write(
          `Video: started Janus ${janusVersion(bin) ?? ''} beside the app (${ownJanus.url}, APIs on loopback only; stopped with the app).\n`,
        );
      } catch (err) {
        logger.warn({ err }, 'could not start janus: video is off');
      }
    } else {
      process.stdout.write(
        'Video is off: Janus is not installed (sudo apt-get install --no-install-recommends janus), or set JANUS_URL.\n',
      );
    }
  }

  if (!env.SMTP_URL) {
    process.stdout.write(
      'E-mail is off: set SMTP_URL and MAIL_FROM to send it; until then messages are held in the outbox (Quản trị → Thư đi).\n',
    );
  }

  // The public stream and the recordings' assembly need ffmpeg and janus-pp-rec.
  const mediaTools = ['ffmpeg', 'janus-pp-rec'].every(
    (tool) => spawnSync(tool, ['-h'], { stdio: 'ignore' }).error === undefined,
  );
  if (janus && !mediaTools) {
    process.stdout.write(
      'Public stream and recordings are off: install ffmpeg and janus-tools (sudo apt-get install --no-install-recommends ffmpeg janus-tools).\n',
    );
  }

  mark('media');
  const edgeDir = edgeCount ? mkdtempSync(join(tmpdir(), 'doithoai-')) : null;
  let instance: Awaited<ReturnType<typeof startInstance>>;
  try {
    instance = await startInstance(
      {
        env,
        database,
        secret,
        logger,
        version,
        build,
        clientDir: join(root, 'build/client'),
        janus,
        mediaTools,
        edges: edgeCount > 0,
        metricsWorker: edgeCount ? 'owner' : undefined,
      },
      edgeDir
        ? { port: env.PORT, host: env.HOST, path: join(edgeDir, 'owner.sock') }
        : { port: env.PORT, host: env.HOST },
    );
  } catch (err) {
    lock?.release();
    await ownJanus?.stop();
    if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
    fail(`Cannot listen on ${env.HOST}:${env.PORT}: ${(err as Error).message}`);
  }
  let edges: ReturnType<typeof startEdges> | null = null;
  // Defined before the edges start: edges that keep dying as they start stop it too.
  let stopping = false;
  const shutdown = (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests');
    setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000).unref();
    clearInterval(cleanup);
    clearInterval(fileSweep);
    clearInterval(retentionJob);
    clearInterval(auditPurge);
    Promise.resolve(edges?.stop())
      .then(() => instance.stop())
      .then(() => backupSocket?.close())
      .then(() => ownJanus?.stop())
      .then(() => database.close())
      .then(
        () => {
          lock?.release();
          if (edgeDir) rmSync(edgeDir, { recursive: true, force: true });
          logger.info('stopped');
          process.exit(exitCode);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          lock?.release();
          process.exit(1);
        },
      );
  };
  if (edgeDir) {
    const metrics = serveClusterMetrics({
      onError: (err) => logger.warn({ err }, 'metrics: cluster scrape failed'),
      own: () => instance.metrics.json(),
    });
    edges = startEdges({
      count: edgeCount,
      port: env.PORT,
      socketPath: join(edgeDir, 'owner.sock'),
      logger,
      pageCache: instance.pageCache,
      beacon: instance.viewBeacon,
      onRestart: () => metrics.workerRestarted(),
      onGiveUp: () => shutdown('edges failing', 1),
    });
    await edges.ready();
  }
  logger.info(
    {
      url: `http://${env.HOST}:${instance.port}`,
      ...(edgeCount ? { edges: edgeCount } : {}),
      database: database.kind,
      version,
      startup: { ...startup, listening: Math.round(performance.now()) },
    },
    'listening',
  );

  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * WEB_CONCURRENCY > 1 (with DATABASE_URL): this process only starts the workers, each a
 * whole instance sharing the port (node cluster), and restarts one that dies. A Janus of
 * our own is started here, once, and handed to every worker as JANUS_URL. The instances
 * share everything else as separate machines would: through PostgreSQL (page cache
 * invalidation and the live fan-out by NOTIFY).
 */
async function runWorkers(
  env: ReturnType<typeof parseEnv>,
  logger: ReturnType<typeof createLogger>,
) {
  const workerEnv: Record<string, string> = {};
  let ownJanus: Awaited<ReturnType<typeof superviseJanus>> | null = null;
  if (!env.JANUS_URL) {
    const bin = findJanus();
    if (bin) {
      try {
        ownJanus = await superviseJanus({
          dir: join(resolve(env.DATA_DIR), 'janus'),
          bin,
          iceEnforce: env.JANUS_ICE_ENFORCE,
          onRestart: (code) => logger.warn({ code }, 'janus exited; starting it again'),
        });
        workerEnv.JANUS_URL = ownJanus.url;
        workerEnv.JANUS_ADMIN_KEY = ownJanus.roomAdminKey;
      } catch (err) {
        logger.warn({ err }, 'could not start janus: video is off');
        workerEnv.JANUS_URL = 'off';
      }
    } else workerEnv.JANUS_URL = 'off';
  }
  // A scrape landing on any worker answers for them all (server/metrics/cluster-metrics.ts).
  const metrics = serveClusterMetrics({
    onError: (err) => logger.warn({ err }, 'metrics: cluster scrape failed'),
  });
  let stopping = false;
  const fork = () => cluster.fork(workerEnv);
  for (let i = 0; i < env.WEB_CONCURRENCY; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (!Object.keys(cluster.workers ?? {}).length) {
        void (ownJanus?.stop() ?? Promise.resolve()).then(() => process.exit(0));
      }
      return;
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker exited; starting another');
    metrics.workerRestarted();
    setTimeout(fork, 1000);
  });
  logger.info({ workers: env.WEB_CONCURRENCY }, 'starting workers');
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), 20_000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`Fatal: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
