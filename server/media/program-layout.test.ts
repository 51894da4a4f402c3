import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMediaTool } from './media-tool.ts';
import {
  filterValue,
  programAreas,
  programAudioFilter,
  programVideoFilter,
  slateFilter,
} from './program-layout.ts';

// Rendered by the real ffmpeg: the pictures are checked pixel by pixel.

const SIZE = { width: 320, height: 180 };
const dir = mkdtempSync(join(tmpdir(), 'program-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One frame of `graph` (its output labelled `v`) as RGB bytes, lavfi sources as inputs. */
async function frame(graph: string, sources: string[] = []): Promise<Buffer> {
  const inputs = sources.flatMap((s) => ['-f', 'lavfi', '-i', s]);
  const { stdout } = await runMediaTool('ffmpeg', [
    ...['-nostdin', '-v', 'error', ...inputs, '-filter_complex', graph, '-map', '[v]'],
    ...['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
  ]);
  expect(stdout.length).toBe(SIZE.width * SIZE.height * 3);
  return stdout;
}

const pixel = (f: Buffer, x: number, y: number) => {
  const i = (y * SIZE.width + x) * 3;
  return [f[i]!, f[i + 1]!, f[i + 2]!];
};
/** Within a few levels of `rgb` (scaling and yuv420p round colours a little). */
const near = (actual: number[], rgb: number[]) =>
  expect(
    actual.every((v, i) => Math.abs(v - rgb[i]!) <= 12),
    `${actual} ≈ ${rgb}`,
  ).toBe(true);

const RED = [255, 0, 0];
const BLUE = [0, 0, 255];
const BLACK = [0, 0, 0];
const BACKGROUND = [30, 30, 30];
// A 4:3 camera and a 16:9 shared screen.
const camera = 'color=c=red:s=640x480:r=25';
const screen = 'color=c=blue:s=1280x720:r=30';

describe('programAreas', () => {
  it('puts the content on the left three quarters and the speaker in a 4:3 box beside it', () => {
    expect(programAreas('speaker_content')).toEqual({
      content: { x: 0, y: 0, width: 960, height: 720 },
      speaker: { x: 960, y: 240, width: 320, height: 240 },
    });
    expect(programAreas('speaker', SIZE)).toEqual({
      speaker: { x: 0, y: 0, width: 320, height: 180 },
      content: null,
    });
    expect(programAreas('content').speaker).toBeNull();
  });
});

describe('programVideoFilter', () => {
  const video = (layout: 'speaker' | 'speaker_content' | 'content', s: boolean, c: boolean) =>
    programVideoFilter({
      layout,
      speaker: s ? '0:v' : null,
      content: c ? '1:v' : null,
      slate: 'Không có hình',
      out: 'v',
      size: SIZE,
    });

  it('fits the speaker alone in the frame, with bars beside a 4:3 camera', async () => {
    const f = await frame(video('speaker', true, true), [camera, screen]);
    near(pixel(f, 160, 90), RED);
    near(pixel(f, 10, 90), BLACK);
    near(pixel(f, 310, 90), BLACK);
  });

  it('shows the content large on the left and the speaker small on the right', async () => {
    const f = await frame(video('speaker_content', true, true), [camera, screen]);
    near(pixel(f, 120, 90), BLUE);
    // 16:9 in 240×180: bars above and below.
    near(pixel(f, 120, 5), BLACK);
    near(pixel(f, 280, 90), RED);
    // Above and below the speaker's box: the dark background.
    near(pixel(f, 280, 20), BACKGROUND);
    near(pixel(f, 280, 160), BACKGROUND);
  });

  it('fits the content alone in the frame', async () => {
    const f = await frame(video('content', true, true), [camera, screen]);
    near(pixel(f, 160, 90), BLUE);
    near(pixel(f, 300, 170), BLUE);
  });

  it('puts a slate where a picture is missing', async () => {
    const f = await frame(video('speaker_content', false, true), [camera, screen]);
    near(pixel(f, 120, 90), BLUE);
    near(pixel(f, 242, 62), BACKGROUND);
    const alone = await frame(video('speaker', false, false));
    near(pixel(alone, 5, 5), BACKGROUND);
    // The slate's text: bright pixels in the middle row band.
    let bright = 0;
    for (let y = 80; y < 100; y++)
      for (let x = 0; x < SIZE.width; x++) if (pixel(alone, x, y)[0]! > 150) bright++;
    expect(bright).toBeGreaterThan(20);
  });

  it('refuses a stream label that would break the graph', () => {
    expect(() =>
      programVideoFilter({
        layout: 'speaker',
        speaker: '0:v];[x',
        content: null,
        slate: '',
        out: 'v',
      }),
    ).toThrow(/label/);
  });
});

describe('slate text', () => {
  const slate = (text: string) => slateFilter({ text, size: SIZE, out: 'v' });

  it('escapes text so that it renders exactly as the same text read from a file', async () => {
    const text = `Điểm cầu Hà Nội: "A", 'B'; [C] \\ D\\'E 100% {x}=y`;
    const file = join(dir, 'text.txt');
    writeFileSync(file, text);
    const escaped = slate(text);
    const fromFile = escaped.replace(
      `:text=${filterValue(text)}`,
      `:textfile=${filterValue(file)}`,
    );
    expect(fromFile).not.toBe(escaped);
    const [a, b, empty] = await Promise.all([frame(escaped), frame(fromFile), frame(slate(''))]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(empty)).toBe(false);
  });

  it('draws Vietnamese letters with their own glyphs', async () => {
    const [e1, e2, e3, d1, d2] = await Promise.all(
      ['ể', 'ề', 'e', 'Đ', 'D'].map((t) => frame(slate(t.repeat(8)))),
    );
    expect(e1!.equals(e2!)).toBe(false);
    expect(e1!.equals(e3!)).toBe(false);
    expect(d1!.equals(d2!)).toBe(false);
  });

  it('escapes for both parsers, and trims what they would trim', () => {
    expect(filterValue(String.raw`a:b,c'd\e[f];`)).toBe(String.raw`a\\:b\,c\\\'d\\\\e\[f\]\;`);
    expect(filterValue('  line\none  ')).toBe('line one');
  });
});

describe('programAudioFilter', () => {
  /** `seconds` of the graph's output (labelled `a`) as interleaved stereo floats. */
  async function samples(graph: string, sources: string[], seconds: number) {
    const inputs = sources.flatMap((s) => ['-f', 'lavfi', '-i', s]);
    const { stdout } = await runMediaTool('ffmpeg', [
      ...['-nostdin', '-v', 'error', ...inputs, '-filter_complex', graph, '-map', '[a]'],
      ...['-t', String(seconds), '-f', 'f32le', '-'],
    ]);
    return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.length / 4);
  }
  const peak = (s: Float32Array, from = 0, to = s.length) =>
    s.subarray(from, to).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

  it('is silence at 48 kHz stereo without inputs', async () => {
    const s = await samples(programAudioFilter({ inputs: [], out: 'a' }), [], 0.5);
    expect(s.length).toBe(48_000 * 2 * 0.5);
    expect(peak(s)).toBe(0);
  });

  it('adds the inputs up at their own level, then goes on in silence', async () => {
    // Two stereo tones at 44.1 kHz of 1/8 amplitude for 0.2 s.
    const tone = 'sine=f=440:r=44100:d=0.2,pan=stereo|c0=c0|c1=c0';
    const s = await samples(
      programAudioFilter({ inputs: ['0:a', '1:a'], out: 'a' }),
      [tone, tone],
      0.5,
    );
    expect(s.length).toBe(48_000 * 2 * 0.5);
    expect(peak(s, 0, 48_000 * 2 * 0.15)).toBeCloseTo(0.25, 1);
    // Both channels carry it.
    expect(Math.abs(s[2000]! - s[2001]!)).toBeLessThan(1e-6);
    expect(peak(s, 48_000 * 2 * 0.25)).toBe(0);
  });
});
