import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, type Block, type Inline } from "./markdown";

const texts = (inlines: Inline[]): string[] =>
  inlines.flatMap((inline) => ("text" in inline ? [inline.text] : "children" in inline ? texts(inline.children) : []));

describe("parseMarkdown", () => {
  it("keeps HTML in a reply as literal text", () => {
    const blocks = parseMarkdown("Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>");
    expect(blocks).toEqual([
      { kind: "p", children: [{ kind: "text", text: "Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>" }] },
    ]);
  });

  it("renders only http(s) and mailto links; other schemes stay text", () => {
    expect(parseInline("[ok](https://example.com/a?b=1)")).toEqual([
      { kind: "link", href: "https://example.com/a?b=1", children: [{ kind: "text", text: "ok" }] },
    ]);
    expect(parseInline("[bad](javascript:alert(1))")).toEqual([
      { kind: "text", text: "[bad](javascript:alert(1)" },
      { kind: "text", text: ")" },
    ]);
    expect(parseInline("[bad](data:text/html,x)")).toEqual([{ kind: "text", text: "[bad](data:text/html,x)" }]);
  });

  it("parses emphasis, code, lists, headings and code blocks", () => {
    const blocks: Block[] = parseMarkdown("# Title\n\nSome **bold**, *it* and `a<b>`.\n\n- one\n- two\n\n1. first\n\n```\n<div>\n```");
    expect(blocks.map((block) => block.kind)).toEqual(["h", "p", "ul", "ol", "pre"]);
    expect(blocks[1]).toMatchObject({
      children: [
        { kind: "text", text: "Some " },
        { kind: "strong", children: [{ kind: "text", text: "bold" }] },
        { kind: "text", text: ", " },
        { kind: "em", children: [{ kind: "text", text: "it" }] },
        { kind: "text", text: " and " },
        { kind: "code", text: "a<b>" },
        { kind: "text", text: "." },
      ],
    });
    expect(blocks[2]).toMatchObject({ items: [[{ text: "one" }], [{ text: "two" }]] });
    expect(blocks[4]).toEqual({ kind: "pre", text: "<div>" });
  });

  it("turns single newlines into line breaks inside a paragraph", () => {
    const [paragraph] = parseMarkdown("line one\nline two");
    expect(paragraph).toMatchObject({ kind: "p", children: [{ text: "line one" }, { kind: "br" }, { text: "line two" }] });
    expect(texts((paragraph as { children: Inline[] }).children)).toEqual(["line one", "line two"]);
  });
});
