// Turns an uploaded file into plain text with markdown-style headings ("# Title"), which chunking
// uses to keep sections together. Every parser is pure JavaScript; a malformed file throws a
// ParseError whose message is shown on that document.
import { convert, type FormatCallback } from "html-to-text";
import mammoth from "mammoth";
import Papa from "papaparse";
import { extractText, getDocumentProxy } from "unpdf";
import type { DocumentFormat } from "./formats";

export class ParseError extends Error {
  override name = "ParseError";
}

function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new ParseError("The file is binary, not text");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new ParseError("The file is not valid UTF-8 text");
  }
}

const headingFormatter =
  (level: number): FormatCallback =>
  (element, walk, builder) => {
    builder.openBlock({ leadingLineBreaks: 2 });
    builder.addLiteral(`${"#".repeat(level)} `);
    walk(element.children, builder);
    builder.closeBlock({ trailingLineBreaks: 2 });
  };

function htmlToText(html: string): string {
  const levels = [1, 2, 3, 4, 5, 6];
  return convert(html, {
    wordwrap: false,
    formatters: Object.fromEntries(levels.map((level) => [`h${level}`, headingFormatter(level)])),
    selectors: [
      ...levels.map((level) => ({ selector: `h${level}`, format: `h${level}` })),
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
      { selector: "nav", format: "skip" },
    ],
  });
}

async function pdfToText(bytes: Uint8Array): Promise<string> {
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    throw new ParseError(`The PDF could not be read: ${(error as Error).message}`);
  }
  const { text } = await extractText(pdf, { mergePages: false });
  return text.join("\n\n");
}

async function docxToText(bytes: Uint8Array): Promise<string> {
  try {
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    return htmlToText(value);
  } catch (error) {
    throw new ParseError(`The Word document could not be read: ${(error as Error).message}`);
  }
}

/** One paragraph per row, "column: value" pairs, so each row can be found and cited on its own. */
function csvToText(text: string): string {
  const { data, errors, meta } = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true });
  const fatal = errors.find((error) => error.type === "Quotes" || error.code === "TooManyFields");
  if (fatal) throw new ParseError(`The CSV file is malformed: ${fatal.message} (row ${(fatal.row ?? 0) + 2})`);
  const columns = meta.fields ?? [];
  return data
    .map((row) =>
      columns
        .filter((column) => row[column]?.trim())
        .map((column) => `${column}: ${row[column]!.trim()}`)
        .join("; "),
    )
    .filter(Boolean)
    .join("\n\n");
}

export async function parseDocument(format: DocumentFormat, bytes: Uint8Array): Promise<string> {
  let text: string;
  switch (format) {
    case "text":
    case "markdown":
      text = decodeUtf8(bytes);
      break;
    case "html":
      text = htmlToText(decodeUtf8(bytes));
      break;
    case "csv":
      text = csvToText(decodeUtf8(bytes));
      break;
    case "pdf":
      text = await pdfToText(bytes);
      break;
    case "docx":
      text = await docxToText(bytes);
      break;
  }
  const normalised = text.replace(/\r\n?/g, "\n").trim();
  if (!normalised) throw new ParseError("The file contains no text");
  return normalised;
}
