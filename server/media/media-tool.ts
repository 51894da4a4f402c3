import { spawn } from 'node:child_process';

/** A media tool (ffmpeg, ffprobe, janus-pp-rec) that failed: its exit and the end of its log. */
export class MediaToolError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
    message?: string,
  ) {
    super(
      message ??
        `${command} failed (${exitCode === null ? 'killed' : `exit ${exitCode}`}): ${stderrTail}`,
    );
    this.name = 'MediaToolError';
  }
}

const TAIL = 4000;

/**
 * Runs a tool without a shell and resolves with its output when it exits with 0; rejects
 * with the end of its stderr otherwise. An abort kills it and rejects with the signal's
 * reason; so does running past `timeoutMs` (a stuck tool), with a MediaToolError.
 */
export function runMediaTool(
  command: string,
  args: readonly string[],
  opts: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<{ stdout: Buffer; stderr: string }> {
  const { signal, timeoutMs } = opts;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString('utf8')).slice(-TAIL);
    });
    const abort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', abort, { once: true });
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            abort();
          }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    };
    child.on('error', (e) => {
      done();
      reject(
        new MediaToolError(command, null, err.trim(), `${command} could not run: ${e.message}`),
      );
    });
    child.on('close', (code) => {
      done();
      if (signal?.aborted) reject(signal.reason);
      else if (timedOut)
        reject(
          new MediaToolError(command, null, err.trim(), `${command} ran past ${timeoutMs} ms`),
        );
      else if (code === 0) resolve({ stdout: Buffer.concat(out), stderr: err });
      // Some tools (janus-pp-rec) log on stdout.
      else
        reject(
          new MediaToolError(
            command,
            code,
            err.trim() || Buffer.concat(out).toString('utf8').slice(-TAIL).trim(),
          ),
        );
    });
  });
}
