import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Where Debian's `janus` package puts its modules. */
const LIB = '/usr/lib/x86_64-linux-gnu/janus';

/** The Janus binary, when installed (`JANUS_BIN` or the Debian package's). */
export function findJanus(bin = process.env.JANUS_BIN ?? '/usr/bin/janus'): string | null {
  return existsSync(bin) ? bin : null;
}

export interface JanusSettings {
  /** WebSocket API (janode and the app's proxy), on 127.0.0.1 only. */
  wsPort: number;
  /** Admin API over WebSocket, on 127.0.0.1 only. */
  adminPort: number;
  adminSecret: string;
  /** VideoRoom `admin_key`: only a holder may create rooms. */
  roomAdminKey: string;
  /** UDP ports for media, e.g. `20000-40000`. */
  rtpPortRange: string;
  /** Only this interface offers ICE candidates (the test namespace's veth). */
  iceEnforce?: string;
  /** Janus log level, 0–7. */
  debugLevel?: number;
}

/** `key = value` lines of Janus's libconfig-like format. */
function jcfg(sections: Record<string, Record<string, string | number | boolean>>): string {
  const value = (v: string | number | boolean) => (typeof v === 'string' ? JSON.stringify(v) : v);
  return Object.entries(sections)
    .map(
      ([name, entries]) =>
        `${name}: {\n${Object.entries(entries)
          .map(([k, v]) => `\t${k} = ${value(v)}\n`)
          .join('')}}\n`,
    )
    .join('');
}

/**
 * A configuration folder for Janus: the VideoRoom plugin and the WebSocket transport
 * only, both APIs on loopback, every other plugin, transport, logger and event handler
 * off. `deploy/janus/` holds the same settings for a server run by an operator.
 */
export function writeJanusConfig(dir: string, s: JanusSettings): void {
  mkdirSync(dir, { recursive: true });
  const plugins = [
    'audiobridge',
    'duktape',
    'echotest',
    'lua',
    'nosip',
    'recordplay',
    'sip',
    'streaming',
    'textroom',
    'videocall',
    'voicemail',
  ];
  const transports = ['http', 'mqtt', 'nanomsg', 'pfunix', 'rabbitmq'];
  const events = ['gelfevh', 'mqttevh', 'nanomsgevh', 'rabbitmqevh', 'sampleevh', 'wsevh'];
  const lib = (names: string[]) => names.map((n) => `libjanus_${n}.so`).join(',');
  writeFileSync(
    join(dir, 'janus.jcfg'),
    jcfg({
      general: {
        configs_folder: dir,
        plugins_folder: `${LIB}/plugins`,
        transports_folder: `${LIB}/transports`,
        events_folder: `${LIB}/events`,
        loggers_folder: `${LIB}/loggers`,
        debug_level: s.debugLevel ?? 3,
        admin_secret: s.adminSecret,
        server_name: 'doi-thoai-media',
        session_timeout: 60,
      },
      media: { rtp_port_range: s.rtpPortRange },
      nat: {
        nice_debug: false,
        ignore_mdns: true,
        ...(s.iceEnforce ? { ice_enforce_list: s.iceEnforce } : { ice_ignore_list: 'vmnet' }),
      },
      plugins: { disable: lib(plugins) },
      transports: { disable: lib(transports) },
      loggers: { disable: 'libjanus_jsonlog.so' },
      events: { broadcast: false, disable: lib(events) },
    }),
  );
  writeFileSync(
    join(dir, 'janus.transport.websockets.jcfg'),
    jcfg({
      general: {
        json: 'plain',
        ws: true,
        ws_port: s.wsPort,
        ws_ip: '127.0.0.1',
        wss: false,
      },
      admin: {
        admin_ws: true,
        admin_ws_port: s.adminPort,
        admin_ws_ip: '127.0.0.1',
        admin_wss: false,
      },
    }),
  );
  writeFileSync(
    join(dir, 'janus.plugin.videoroom.jcfg'),
    jcfg({ general: { admin_key: s.roomAdminKey, lock_rtp_forward: true, string_ids: true } }),
  );
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface JanusProcess {
  /** `ws://127.0.0.1:<port>` of the client API. */
  url: string;
  adminUrl: string;
  adminSecret: string;
  roomAdminKey: string;
  child: ChildProcess;
  /** Stops Janus (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/**
 * Starts a Janus of the app's own: generated configuration under `dir`, random
 * secrets, APIs on loopback. Resolves once its WebSocket API answers.
 */
export async function startJanus(opts: {
  dir: string;
  bin?: string;
  iceEnforce?: string;
  rtpPortRange?: string;
  wsPort?: number;
  /** Keep the room admin key of a Janus started before (a restart). */
  roomAdminKey?: string;
  onLog?: (line: string) => void;
}): Promise<JanusProcess> {
  const bin = opts.bin ?? findJanus();
  if (!bin) throw new Error('janus is not installed');
  const settings: JanusSettings = {
    wsPort: opts.wsPort ?? (await freePort()),
    adminPort: await freePort(),
    adminSecret: randomBytes(24).toString('base64url'),
    roomAdminKey: opts.roomAdminKey ?? randomBytes(24).toString('base64url'),
    rtpPortRange: opts.rtpPortRange ?? '20000-40000',
    iceEnforce: opts.iceEnforce,
  };
  writeJanusConfig(opts.dir, settings);
  stopLeftover(opts.dir);
  const child = spawn(bin, ['-F', opts.dir, '-C', join(opts.dir, 'janus.jcfg'), '-o'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own: Ctrl-C in the terminal stops the app, which stops Janus, instead
    // of reaching Janus too (seen as a crash, and restarted while the app stopped).
    detached: true,
  });
  const lines = (chunk: Buffer) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) opts.onLog?.(line);
  };
  child.stdout?.on('data', lines);
  child.stderr?.on('data', lines);
  if (child.pid) writeFileSync(join(opts.dir, 'janus.pid'), String(child.pid));
  const url = `ws://127.0.0.1:${settings.wsPort}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`janus exited (${code}) while starting`))),
  );
  exited.catch(() => {});
  await Promise.race([waitForPort(settings.wsPort, 15_000), exited]);
  let stopped: Promise<void> | null = null;
  return {
    url,
    adminUrl: `ws://127.0.0.1:${settings.adminPort}`,
    adminSecret: settings.adminSecret,
    roomAdminKey: settings.roomAdminKey,
    child,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}

/** A Janus left running by an app that was killed (kill -9 leaves its child behind). */
function stopLeftover(dir: string) {
  try {
    const pid = Number(readFileSync(join(dir, 'janus.pid'), 'utf8'));
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('janus') && cmdline.includes(dir)) process.kill(pid, 'SIGKILL');
  } catch {
    // no pid file, or that process is gone
  }
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`janus did not open port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Janus's version line, e.g. `1.1.2`, or null. */
export function janusVersion(bin: string): string | null {
  const out = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return /\(([\d.]+)\)/.exec(out.stdout ?? '')?.[1] ?? null;
}

/**
 * A Janus of the app's own, started again (same port, same room admin key) whenever it
 * exits unexpectedly: the media service reconnects and re-creates the rooms, screens
 * rejoin by themselves.
 */
export async function superviseJanus(
  opts: Parameters<typeof startJanus>[0] & { onRestart?: (code: number | null) => void },
): Promise<Pick<JanusProcess, 'url' | 'roomAdminKey' | 'stop'> & { pid(): number | undefined }> {
  let current = await startJanus(opts);
  const { url, roomAdminKey } = current;
  const wsPort = Number(new URL(url).port);
  let stopping = false;
  const watch = (proc: JanusProcess) => {
    proc.child.once('exit', (code) => {
      if (stopping) return;
      opts.onRestart?.(code);
      const again = async (delay: number): Promise<void> => {
        await new Promise((r) => setTimeout(r, delay));
        if (stopping) return;
        try {
          current = await startJanus({ ...opts, wsPort, roomAdminKey });
          watch(current);
        } catch {
          return again(Math.min(delay * 2, 10_000));
        }
      };
      void again(500);
    });
  };
  watch(current);
  return {
    url,
    roomAdminKey,
    pid: () => current.child.pid,
    stop() {
      stopping = true;
      return current.stop();
    },
  };
}
