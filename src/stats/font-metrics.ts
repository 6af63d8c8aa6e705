/**
 * Text widths from the chart's own TrueType fonts, for Vega's layout. Without a canvas Vega guesses every
 * character at 0.8 em, which makes labels cut early and pushes panels off centre; with the real advance
 * widths of the font resvg draws with, what Vega lays out is what the PNG shows.
 *
 * Reads only what widths need: `head` (units per em), `hhea` and `hmtx` (advances) and a format-4 `cmap`
 * (the Basic Multilingual Plane, which every name and title in the corpus uses).
 */
import { readFileSync } from 'node:fs';

/** Advance widths of one font, in em, by UTF-16 code unit. */
export interface FontMetrics {
  /** Width of `text` in px at `fontSize`. */
  width(text: string, fontSize: number): number;
}

/**
 * Parses a TrueType file's advance widths.
 *
 * @throws Error when the file lacks the tables named above
 */
export function loadFontMetrics(file: string): FontMetrics {
  const buf = readFileSync(file);
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const at = (tag: string) => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`${file}: no ${tag} table`);
    return offset;
  };
  const unitsPerEm = buf.readUInt16BE(at('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(at('hhea') + 34);
  const hmtx = at('hmtx');
  const advance = (glyph: number) => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;

  const cmap = at('cmap');
  let sub = -1;
  for (let i = 0; i < buf.readUInt16BE(cmap + 2); i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const offset = cmap + buf.readUInt32BE(rec + 4);
    if (buf.readUInt16BE(offset) === 4 && (platform === 3 || platform === 0) && (encoding === 1 || platform === 0)) sub = offset;
  }
  if (sub < 0) throw new Error(`${file}: no format-4 cmap`);
  const segX2 = buf.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  const glyphOf = (code: number): number => {
    for (let s = 0; s < segX2; s += 2) {
      if (code > buf.readUInt16BE(ends + s)) continue;
      const start = buf.readUInt16BE(starts + s);
      if (code < start) return 0;
      const delta = buf.readUInt16BE(deltas + s);
      const ro = buf.readUInt16BE(rangeOffsets + s);
      if (ro === 0) return (code + delta) & 0xffff;
      const g = buf.readUInt16BE(rangeOffsets + s + ro + 2 * (code - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };

  const cache = new Map<number, number>();
  const em = (code: number) => {
    let w = cache.get(code);
    if (w === undefined) cache.set(code, (w = advance(glyphOf(code))));
    return w;
  };
  return {
    width(text, fontSize) {
      let w = 0;
      for (let i = 0; i < text.length; i++) w += em(text.charCodeAt(i));
      return w * fontSize;
    },
  };
}
