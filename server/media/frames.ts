import { runMediaTool } from './media-tool.ts';

/**
 * Still frames of a video file as JPEGs (1280 px wide at most), one per time in seconds,
 * for the news draft made from a conference's record. A time past the end gives none.
 */
export async function grabFrames(path: string, seconds: number[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const s of seconds) {
    const { stdout } = await runMediaTool(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-ss', String(Math.max(0, s)), '-i', path],
        ...['-frames:v', '1', '-vf', "scale='min(1280,iw)':-2", '-q:v', '3'],
        ...['-f', 'image2pipe', '-vcodec', 'mjpeg', 'pipe:1'],
      ],
      { timeoutMs: 30_000 },
    );
    if (stdout.length) out.push(stdout);
  }
  return out;
}
