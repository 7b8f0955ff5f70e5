import { describe, expect, it } from "vitest";
import { describeSupportedExtensions, documentFormat, UPLOAD_ACCEPT } from "./formats";

describe("documentFormat", () => {
  it("knows a file by its extension, in any case", () => {
    expect(documentFormat("Guide.PDF")).toBe("pdf");
    expect(documentFormat("notes.md")).toBe("markdown");
    expect(documentFormat("archive.zip")).toBeNull();
  });

  it.each(["x.constructor", "x.__proto__", "x.prototype", "x.toString", "x.hasOwnProperty", "x.valueOf"])(
    "does not take %s for a format (names of Object.prototype's members)",
    (name) => {
      expect(documentFormat(name)).toBeNull();
    },
  );
});

describe("what the upload form says it takes", () => {
  it("is the list the server reads, one extension per format in words", () => {
    expect(describeSupportedExtensions()).toBe(".txt, .md, .html, .pdf, .docx and .csv");
    expect(describeSupportedExtensions("or")).toBe(".txt, .md, .html, .pdf, .docx or .csv");
    for (const extension of UPLOAD_ACCEPT.split(",")) expect(documentFormat(`file${extension}`), extension).not.toBeNull();
    expect(UPLOAD_ACCEPT.split(",")).toEqual(expect.arrayContaining([".markdown", ".htm"]));
  });
});
