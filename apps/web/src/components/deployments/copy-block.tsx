"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A code snippet with a copy button. */
export function CopyBlock({ label, code }: { label: string; code: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    await navigator.clipboard.writeText(code);
    setCopied(true);
    setTimeout(() => setCopied(false), 2_000);
  }
  return (
    <div className="relative">
      <pre aria-label={label} className="overflow-x-auto rounded-lg bg-zinc-950 p-4 pr-24 text-xs leading-relaxed text-zinc-100">
        <code>{code}</code>
      </pre>
      <Button size="sm" variant="secondary" className="absolute right-2 top-2" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
        {copied ? <Check className="h-3.5 w-3.5" /> : <Copy className="h-3.5 w-3.5" />} {copied ? "Copied" : "Copy"}
      </Button>
    </div>
  );
}
