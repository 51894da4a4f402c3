import type { ProgramLayout } from '../../protocol/live.ts';

// ffmpeg filter graphs for the program's picture and sound, shared by the live public
// stream and the assembly of the recording, so both look the same.

export const PROGRAM_SIZE = { width: 1280, height: 720 };
export const PROGRAM_FPS = 25;
export const PROGRAM_AUDIO_RATE = 48_000;
/** Full Vietnamese coverage (Debian's fonts-dejavu-core). */
export const PROGRAM_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
/** Behind the pictures and on slates. */
export const PROGRAM_BACKGROUND = '0x1e1e1e';

export interface Size {
  width: number;
  height: number;
}
export interface Area extends Size {
  x: number;
  y: number;
}

const even = (n: number) => 2 * Math.round(n / 2);

/**
 * Where the speaker and the content go in the frame (null: not shown). Side by side the
 * content takes the left three quarters (960×720 of 1280×720) and the speaker a 4:3 box
 * in the remaining quarter (320×240), vertically centred.
 */
export function programAreas(
  layout: ProgramLayout,
  size: Size = PROGRAM_SIZE,
): { speaker: Area | null; content: Area | null } {
  const full = { x: 0, y: 0, width: size.width, height: size.height };
  if (layout === 'speaker') return { speaker: full, content: null };
  if (layout === 'content') return { speaker: null, content: full };
  const contentWidth = even((size.width * 3) / 4);
  const boxWidth = size.width - contentWidth;
  const boxHeight = Math.min(size.height, even((boxWidth * 3) / 4));
  return {
    content: { x: 0, y: 0, width: contentWidth, height: size.height },
    speaker: {
      x: contentWidth,
      y: even((size.height - boxHeight) / 2),
      width: boxWidth,
      height: boxHeight,
    },
  };
}

/**
 * A filter option's value, escaped twice: for the filter's option parser (`\ ' :`) and
 * then for the filter graph's parser (`\ ' [ ] , ;`). Whitespace at the ends would be
 * dropped by the parsers, so it is trimmed here; control characters become spaces.
 */
export function filterValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const option = clean.replace(/[\\':=]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** A filter graph stream label, in brackets; refuses what would break the graph. */
function label(name: string): string {
  if (!/^[A-Za-z0-9_:.]+$/.test(name)) throw new Error(`Invalid ffmpeg stream label: ${name}`);
  return `[${name}]`;
}

/**
 * A source of a dark picture with `text` centred on it (a missing picture), sized for
 * its text to fit on one line. Text in NFC: drawtext does not compose combining marks.
 */
export function slateFilter(opts: { text: string; size: Size; fps?: number; out: string }): string {
  const { width, height } = opts.size;
  const text = opts.text.normalize('NFC');
  const chars = Math.max(1, [...text].length);
  // DejaVu Sans averages about 0.6 em per character.
  const fontSize = Math.max(8, Math.floor(Math.min(height / 14, (width * 0.9) / (chars * 0.6))));
  const draw = text.trim()
    ? `,drawtext=fontfile=${filterValue(PROGRAM_FONT)}:text=${filterValue(text)}` +
      `:expansion=none:fontcolor=0xdddddd:fontsize=${fontSize}:x=(w-text_w)/2:y=(h-text_h)/2`
    : '';
  return (
    `color=c=${PROGRAM_BACKGROUND}:s=${width}x${height}:r=${opts.fps ?? PROGRAM_FPS}${draw},` +
    `format=yuv420p,setsar=1${label(opts.out)}`
  );
}

/** Scales a picture to fit `size` keeping its shape, black bars around it. */
export function fitFilter(opts: { input: string; size: Size; out: string }): string {
  const { width: w, height: h } = opts.size;
  return (
    `${label(opts.input)}scale=w=${w}:h=${h}:force_original_aspect_ratio=decrease:force_divisible_by=2,` +
    `pad=w=${w}:h=${h}:x=(ow-iw)/2:y=(oh-ih)/2:color=black,setsar=1${label(opts.out)}`
  );
}

/**
 * The program's picture as filter graph text: `speaker` and `content` are stream labels
 * (`0:v`, or a label of an earlier filter), null for a missing picture (a slate saying
 * `slate`). The result, labelled `out`, is `size` (default 1280×720) at a constant `fps`
 * (default 25) in yuv420p with square pixels. Inner labels start with `out`.
 */
export function programVideoFilter(opts: {
  layout: ProgramLayout;
  speaker: string | null;
  content: string | null;
  slate: string;
  out: string;
  size?: Size;
  fps?: number;
}): string {
  const size = opts.size ?? PROGRAM_SIZE;
  const fps = opts.fps ?? PROGRAM_FPS;
  const out = opts.out;
  label(out);
  const finish = `fps=${fps},format=yuv420p,setsar=1${label(out)}`;
  const areas = programAreas(opts.layout, size);
  const parts: string[] = [];
  /** The role's picture fitted to its area, or a slate of that size. */
  const picture = (input: string | null, area: Size, name: string) => {
    const fitted = `${out}_${name}`;
    parts.push(
      input === null
        ? slateFilter({ text: opts.slate, size: area, fps, out: fitted })
        : fitFilter({ input, size: area, out: fitted }),
    );
    return label(fitted);
  };
  if (!areas.speaker || !areas.content) {
    const [input, area] = areas.speaker
      ? [opts.speaker, areas.speaker]
      : [opts.content, areas.content!];
    const fitted = picture(input, area, 'pic');
    parts.push(`${fitted}${finish}`);
    return parts.join(';');
  }
  const content = picture(opts.content, areas.content, 'content');
  const speaker = picture(opts.speaker, areas.speaker, 'speaker');
  parts.push(
    `color=c=${PROGRAM_BACKGROUND}:s=${size.width}x${size.height}:r=${fps}${label(`${out}_bg`)}`,
    `${label(`${out}_bg`)}${content}overlay=x=${areas.content.x}:y=${areas.content.y}${label(`${out}_left`)}`,
    `${label(`${out}_left`)}${speaker}overlay=x=${areas.speaker.x}:y=${areas.speaker.y},${finish}`,
  );
  return parts.join(';');
}

/**
 * The program's sound as filter graph text: the `inputs` (stream labels) added up at their
 * own levels (`amix` without normalising), else silence; 48 kHz stereo, labelled `out`.
 * It never ends before the picture (silence after the inputs): cut it with `-t` or a trim.
 */
export function programAudioFilter(opts: { inputs: string[]; out: string }): string {
  const format =
    `aresample=${PROGRAM_AUDIO_RATE},` +
    `aformat=sample_fmts=fltp:sample_rates=${PROGRAM_AUDIO_RATE}:channel_layouts=stereo`;
  if (opts.inputs.length === 0)
    return `anullsrc=r=${PROGRAM_AUDIO_RATE}:cl=stereo,${format}${label(opts.out)}`;
  const inputs = opts.inputs.map(label).join('');
  return (
    `${inputs}amix=inputs=${opts.inputs.length}:normalize=0:duration=longest,` +
    `${format},apad${label(opts.out)}`
  );
}
