// Splits a document's text into chunks of about `size` tokens that follow its structure: a heading
// always starts a new chunk, paragraphs stay whole when they fit, and consecutive chunks of one
// section share about `overlap` tokens so a sentence cut at a boundary is still found whole.

export interface TextChunk {
  content: string;
  /** The nearest heading above the chunk ("Refunds › Damaged items"), for citations. */
  heading: string | null;
  tokenCount: number;
}

export interface ChunkOptions {
  size: number;
  overlap: number;
}

/**
 * About four characters per token, OpenAI's rule of thumb for English text. An approximation on
 * purpose: an exact count needs each model's tokenizer file, downloaded.
 */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

const headingPattern = /^(#{1,6})\s+(.+?)\s*#*$/;

/** Cuts text longer than the limit at sentence ends, else at spaces, else anywhere. */
function splitLong(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    const sentenceEnd = Math.max(window.lastIndexOf(". "), window.lastIndexOf("! "), window.lastIndexOf("? "), window.lastIndexOf("\n"));
    const space = window.lastIndexOf(" ");
    const cut = sentenceEnd > maxChars / 2 ? sentenceEnd + 1 : space > maxChars / 2 ? space : maxChars;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** The last `chars` characters of a chunk, starting at a word. */
function tail(text: string, chars: number): string {
  if (chars <= 0) return "";
  if (text.length <= chars) return text;
  const start = text.indexOf(" ", text.length - chars);
  return start < 0 ? "" : text.slice(start + 1);
}

export function chunkText(text: string, { size, overlap }: ChunkOptions): TextChunk[] {
  const maxChars = size * 4;
  const overlapChars = Math.min(overlap, Math.floor(size / 2)) * 4;
  const chunks: TextChunk[] = [];
  const headings: string[] = [];
  let parts: string[] = [];
  let length = 0;
  let carried = false; // the current chunk so far holds only the previous chunk's overlap

  const heading = () => (headings.length ? headings.filter(Boolean).join(" › ") : null);
  const flush = (keepOverlap: boolean) => {
    if (!parts.length || carried) {
      parts = [];
      length = 0;
      carried = false;
      return;
    }
    const content = parts.join("\n\n");
    chunks.push({ content, heading: heading(), tokenCount: estimateTokens(content) });
    const overlapText = keepOverlap ? tail(content, overlapChars) : "";
    parts = overlapText ? [overlapText] : [];
    length = overlapText.length;
    carried = overlapText.length > 0;
  };

  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.trim().split("\n");
    const match = headingPattern.exec(lines[0] ?? "");
    if (match) {
      flush(false);
      const level = match[1]!.length;
      headings.length = level;
      headings[level - 1] = match[2]!;
      lines.shift();
    }
    const paragraph = lines.join("\n").trim();
    if (!paragraph) continue;
    for (const piece of splitLong(paragraph, maxChars)) {
      if (length + piece.length > maxChars) flush(true);
      // an overlap plus a piece that only just fits would exceed the size: drop the overlap
      if (carried && length + piece.length > maxChars) {
        parts = [];
        length = 0;
      }
      parts.push(piece);
      length += piece.length + 2;
      carried = false;
    }
  }
  flush(false);
  return chunks;
}
