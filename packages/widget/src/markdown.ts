// A small markdown subset for replies, parsed into a tree and turned into DOM nodes with
// createElement and text nodes only: model output can never become HTML or script.

export type Inline =
  | { kind: "text"; text: string }
  | { kind: "code"; text: string }
  | { kind: "strong" | "em"; children: Inline[] }
  | { kind: "link"; href: string; children: Inline[] }
  | { kind: "br" };

export type Block =
  | { kind: "p" | "blockquote"; children: Inline[] }
  | { kind: "h"; level: number; children: Inline[] }
  | { kind: "ul" | "ol"; items: Inline[][] }
  | { kind: "pre"; text: string };

const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

// code spans first so their content stays literal; then links, bold, italics
const INLINE = /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+)\*\*|__([^_\n]+)__|\*([^*\n]+)\*|_([^_\n]+)_/;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const pushText = (value: string) => {
    value.split("\n").forEach((line, index) => {
      if (index) out.push({ kind: "br" });
      if (line) out.push({ kind: "text", text: line });
    });
  };
  let rest = text;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    pushText(rest.slice(0, match.index));
    const [whole, code, label, href, strong, strong2, em, em2] = match;
    if (code !== undefined) out.push({ kind: "code", text: code });
    else if (label !== undefined)
      out.push(SAFE_LINK.test(href!) ? { kind: "link", href: href!, children: parseInline(label) } : { kind: "text", text: whole });
    else if (strong !== undefined || strong2 !== undefined) out.push({ kind: "strong", children: parseInline((strong ?? strong2)!) });
    else out.push({ kind: "em", children: parseInline((em ?? em2)!) });
    rest = rest.slice(match.index + whole.length);
  }
  pushText(rest);
  return out;
}

const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: "p", children: parseInline(paragraph.join("\n")) });
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      while (++index < lines.length && !lines[index]!.startsWith("```")) code.push(lines[index]!);
      blocks.push({ kind: "pre", text: code.join("\n") });
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = LIST_ITEM.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: "h", level: heading[1]!.length, children: parseInline(heading[2]!) });
    } else if (item) {
      flush();
      const kind = /\d/.test(item[1]!) ? "ol" : "ul";
      const items: Inline[][] = [parseInline(item[2]!)];
      while (index + 1 < lines.length && LIST_ITEM.test(lines[index + 1]!)) items.push(parseInline(LIST_ITEM.exec(lines[++index]!)![2]!));
      blocks.push({ kind, items });
    } else if (line.startsWith(">")) {
      flush();
      blocks.push({ kind: "blockquote", children: parseInline(line.replace(/^>\s?/, "")) });
    } else if (!line.trim()) flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

function inlineNodes(doc: Document, inlines: Inline[]): Node[] {
  return inlines.map((inline) => {
    switch (inline.kind) {
      case "text":
        return doc.createTextNode(inline.text);
      case "br":
        return doc.createElement("br");
      case "code": {
        const code = doc.createElement("code");
        code.textContent = inline.text;
        return code;
      }
      case "link": {
        const link = doc.createElement("a");
        link.href = inline.href;
        link.target = "_blank";
        link.rel = "noopener noreferrer nofollow";
        link.append(...inlineNodes(doc, inline.children));
        return link;
      }
      default: {
        const element = doc.createElement(inline.kind);
        element.append(...inlineNodes(doc, inline.children));
        return element;
      }
    }
  });
}

export function renderMarkdown(doc: Document, source: string): Node[] {
  return parseMarkdown(source).map((block) => {
    switch (block.kind) {
      case "pre": {
        const pre = doc.createElement("pre");
        pre.textContent = block.text;
        return pre;
      }
      case "ul":
      case "ol": {
        const list = doc.createElement(block.kind);
        for (const item of block.items) {
          const li = doc.createElement("li");
          li.append(...inlineNodes(doc, item));
          list.append(li);
        }
        return list;
      }
      default: {
        const element = doc.createElement(block.kind === "h" ? `h${block.level + 2}` : block.kind);
        element.append(...inlineNodes(doc, block.children));
        return element;
      }
    }
  });
}
