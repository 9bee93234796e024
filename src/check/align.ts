/** Maps decoded text (a Markdown text node, a YAML scalar) back onto the characters of the file it came from. */
import type { Text } from "mdast";

/** A run of decoded text that sits unchanged, character for character, at `offset` in the file. */
export interface Chunk {
  /** The decoded characters. */
  text: string;
  /** File offset of the first character. */
  offset: number;
}

/** How far to look ahead in the file for the next decoded character (indentation, `> `, escapes, entities). */
const LOOKAHEAD = 16;

/**
 * Splits `value` into chunks that each lie unchanged in `doc` between `from` and `to`.
 * Characters the file spells differently (`&amp;`, `\*`, list indentation, YAML folding) start a new chunk
 * at their real place; a character the file never spells is pinned to the current place.
 * `firstLookahead` lets the first character be found further on (a YAML block scalar's `>-` line).
 */
export function align(value: string, doc: string, from: number, to: number, firstLookahead = LOOKAHEAD): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  let j = from;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (current && j < to && doc[j] === ch) {
      current.text += ch;
      j++;
      continue;
    }
    const limit = Math.min(to, j + (chunks.length === 0 && !current ? firstLookahead : LOOKAHEAD));
    let k = j;
    while (k < limit && doc[k] !== ch) k++;
    if (k < limit) {
      current = { text: ch, offset: k };
      chunks.push(current);
      j = k + 1;
    } else {
      // Not in the file as written (a numeric entity, say): pin it here and realign on the next character.
      chunks.push({ text: ch, offset: Math.min(j, to) });
      current = undefined;
    }
  }
  return chunks;
}

/** Turns a file offset into a unist point. */
export type Points = (offset: number) => { line: number; column: number; offset: number };

/** Line and column (1-based) of file offsets. */
export function pointsOf(doc: string): Points {
  const starts = [0];
  for (let i = 0; i < doc.length; i++) if (doc[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1, offset };
  };
}

/**
 * Text nodes for `chunks`. Each node ends where the next begins, so that tools that compare the lines of
 * neighbouring nodes (mdast-util-to-nlcst) do not take a wrapped line for a paragraph break.
 */
export function textNodes(chunks: Chunk[], point: Points, end: number): Text[] {
  return chunks.map((c, i) => ({
    type: "text",
    value: c.text,
    position: { start: point(c.offset), end: point(Math.max(c.offset + c.text.length, chunks[i + 1]?.offset ?? end)) },
  }));
}
