import { Resvg } from '@resvg/resvg-js';
import type { FontSet } from './fonts.ts';

/**
 * A chart's SVG as a PNG (for DOCX, which shows SVG only beside a PNG fallback), drawn with
 * the documents' font and no system font (the same letters on every machine).
 */
export function svgToPng(svg: string, fonts: FontSet, scale = 2): Buffer {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: fonts.files,
      defaultFontFamily: fonts.family,
      serifFamily: fonts.family,
      sansSerifFamily: fonts.family,
    },
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}
