import { describe, expect, it } from "vitest";
import { documentFormat } from "./formats";

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
