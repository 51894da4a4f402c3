import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The typeface embedded in generated documents (PDF, DOCX, chart images). Decree
 * 30/2020/NĐ-CP asks for Times New Roman, which cannot be shipped: Tinos is metric-
 * compatible with it and has every Vietnamese letter. The npm package
 * `@expo-google-fonts/tinos` carries the whole TrueType files (Fontsource only has
 * per-script subsets, which cannot be embedded as one font). An administrator replaces it
 * with `DOCUMENT_FONT_DIR` (server/env.ts, handed to `loadFonts`): a folder holding `regular.ttf`, `bold.ttf`, `italic.ttf` and
 * `bolditalic.ttf` (any missing style falls back to `regular.ttf`), and optionally
 * `name.txt` with the family name to write into the documents.
 */
export interface FontSet {
  family: string;
  regular: Buffer;
  bold: Buffer;
  italic: Buffer;
  boldItalic: Buffer;
  /** The font files' paths (for renderers that load fonts from files). */
  files: string[];
}

const require = createRequire(import.meta.url);
const TINOS = dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
const BUILT_IN = {
  regular: join(TINOS, '400Regular/Tinos_400Regular.ttf'),
  bold: join(TINOS, '700Bold/Tinos_700Bold.ttf'),
  italic: join(TINOS, '400Regular_Italic/Tinos_400Regular_Italic.ttf'),
  boldItalic: join(TINOS, '700Bold_Italic/Tinos_700Bold_Italic.ttf'),
};

const loaded = new Map<string, Promise<FontSet>>();

/** The font set (read once per folder and kept). */
export function loadFonts(dir?: string) {
  const key = dir ?? '';
  let fonts = loaded.get(key);
  if (!fonts) {
    fonts = dir ? readFontDir(dir) : readBuiltIn();
    loaded.set(key, fonts);
    fonts.catch(() => loaded.delete(key));
  }
  return fonts;
}

async function readBuiltIn(): Promise<FontSet> {
  const [regular, bold, italic, boldItalic] = await Promise.all(
    [BUILT_IN.regular, BUILT_IN.bold, BUILT_IN.italic, BUILT_IN.boldItalic].map((p) => readFile(p)),
  );
  return {
    family: 'Tinos',
    regular: regular!,
    bold: bold!,
    italic: italic!,
    boldItalic: boldItalic!,
    files: Object.values(BUILT_IN),
  };
}

async function readFontDir(dir: string): Promise<FontSet> {
  const regular = await readFile(join(dir, 'regular.ttf'));
  const files = [join(dir, 'regular.ttf')];
  const optional = (name: string) =>
    readFile(join(dir, name)).then(
      (data) => (files.push(join(dir, name)), data),
      () => regular,
    );
  const family =
    (await readFile(join(dir, 'name.txt'), 'utf8').catch(() => '')).trim() || 'Document';
  return {
    family,
    regular,
    bold: await optional('bold.ttf'),
    italic: await optional('italic.ttf'),
    boldItalic: await optional('bolditalic.ttf'),
    files,
  };
}
