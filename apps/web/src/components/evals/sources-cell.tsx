"use client";
// A dataset row's expected sources: document names separated by ";". The text typed is kept as it
// is (a trailing ";" while typing the next name); the row gets the parsed list.
import { useState } from "react";

const parse = (text: string) =>
  text
    .split(";")
    .map((name) => name.trim())
    .filter(Boolean);

export function SourcesCell({
  label,
  className,
  editable,
  value,
  onChange,
}: {
  label: string;
  className: string;
  editable: boolean;
  value: string[] | null;
  onChange: (sources: string[] | null) => void;
}) {
  const [text, setText] = useState((value ?? []).join("; "));
  // the row changed from outside (a row above was deleted): show its sources, not the text typed before
  if (parse(text).join("\n") !== (value ?? []).join("\n")) setText((value ?? []).join("; "));
  if (!editable) return <div className="px-2 py-1 text-zinc-700">{value?.length ? value.join("; ") : "—"}</div>;
  return (
    <textarea
      aria-label={label}
      rows={1}
      className={className}
      placeholder="returns.md; faq.pdf"
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        const sources = parse(event.target.value);
        onChange(sources.length ? sources : null);
      }}
    />
  );
}
