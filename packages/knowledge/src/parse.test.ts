import { describe, expect, it } from "vitest";
import { tinyDocx, tinyPdf } from "../../../test/support/documents";
import { documentFormat } from "./formats";
import { parseDocument, ParseError } from "./parse";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("parsing uploads", () => {
  it("knows formats by extension, and refuses others", () => {
    expect(documentFormat("Guide.MD")).toBe("markdown");
    expect(documentFormat("report.pdf")).toBe("pdf");
    expect(documentFormat("table.csv")).toBe("csv");
    expect(documentFormat("setup.exe")).toBeNull();
    expect(documentFormat("README")).toBeNull();
  });

  it("reads text and markdown as UTF-8", async () => {
    expect(await parseDocument("markdown", bytes("\uFEFF# Title\r\n\r\nCafé."))).toBe("# Title\n\nCafé.");
  });

  it("turns HTML into text with headings marked and scripts dropped", async () => {
    const html = "<html><head><script>alert(1)</script></head><body><h2>Refunds</h2><p>Within <b>30</b> days.</p></body></html>";
    expect(await parseDocument("html", bytes(html))).toBe("## Refunds\n\nWithin 30 days.");
  });

  it("reads the text of a PDF", async () => {
    expect(await parseDocument("pdf", tinyPdf(["Refunds take five days.", "Keep the receipt."]))).toContain("Refunds take five days.");
  });

  it("reads a .docx with its headings", async () => {
    const text = await parseDocument("docx", await tinyDocx("Warranty", ["Two years on parts.", "One year on labour."]));
    expect(text).toBe("# Warranty\n\nTwo years on parts.\n\nOne year on labour.");
  });

  it("turns CSV rows into column: value paragraphs", async () => {
    expect(await parseDocument("csv", bytes("sku,name,price\nA1,Kettle,30\nB2,Toaster,45\n"))).toBe(
      "sku: A1; name: Kettle; price: 30\n\nsku: B2; name: Toaster; price: 45",
    );
  });

  it.each([
    ["pdf", bytes("%PDF-1.4 this is not really a pdf"), /The PDF could not be read/],
    ["docx", bytes("not a zip"), /The Word document could not be read/],
    ["csv", bytes('a,b\n"unclosed,2\n'), /The CSV file is malformed/],
    ["text", new Uint8Array([0x66, 0x00, 0x6f]), /binary/],
    ["text", new Uint8Array([0xff, 0xfe, 0xfd]), /not valid UTF-8/],
    ["markdown", bytes("  \n\n "), /contains no text/],
  ] as const)("fails a malformed %s file with a clear message", async (format, content, message) => {
    const failure = parseDocument(format, content);
    await expect(failure).rejects.toBeInstanceOf(ParseError);
    await expect(failure).rejects.toThrow(message);
  });
});
