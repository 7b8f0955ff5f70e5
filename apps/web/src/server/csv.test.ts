import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("usage CSV", () => {
  it("quotes cells with commas, quotes or line breaks", () => {
    expect(csvCell('Support, "v2"')).toBe('"Support, ""v2"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain")).toBe("plain");
  });

  it("keeps spreadsheets from running a cell as a formula", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(-1.5)).toBe("-1.5");
  });

  it("writes a header, rows and CRLF line ends", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          [1, null],
          ["x", 2],
        ],
      ),
    ).toBe("a,b\r\n1,\r\nx,2\r\n");
  });
});
