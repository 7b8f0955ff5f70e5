// The first three steps of a workspace, ticked off from what it holds (a provider, a bot, a
// deployment); shown until all three are done.
import { CheckCircle2, Circle } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

export interface Progress {
  provider: boolean;
  bot: boolean;
  deployment: boolean;
}

function Step({ done, title, children }: { done: boolean; title: string; children: ReactNode }) {
  const Icon = done ? CheckCircle2 : Circle;
  return (
    <li aria-label={title} data-done={done} className="flex items-start gap-3">
      <Icon className={`mt-0.5 h-5 w-5 shrink-0 ${done ? "text-emerald-600" : "text-zinc-300"}`} aria-hidden />
      <div>
        <p className={`font-medium ${done ? "text-zinc-500 line-through" : ""}`}>
          {title}
          <span className="sr-only">{done ? " (done)" : " (to do)"}</span>
        </p>
        {!done && <p className="text-sm text-zinc-600">{children}</p>}
      </div>
    </li>
  );
}

export function GettingStarted({ workspaceId, progress }: { workspaceId: string; progress: Progress }) {
  if (progress.provider && progress.bot && progress.deployment) return null;
  const link = "font-medium text-indigo-700 underline";
  return (
    <section aria-labelledby="getting-started" className="mb-6 rounded-lg border border-zinc-200 bg-white p-4">
      <h2 id="getting-started" className="mb-3 text-sm font-semibold">
        Get started: {[progress.provider, progress.bot, progress.deployment].filter(Boolean).length} of 3 done
      </h2>
      <ol aria-label="Getting started" className="flex flex-col gap-3">
        <Step done={progress.provider} title="Add a model provider">
          Connect OpenAI, Anthropic, Ollama or any OpenAI-compatible server under{" "}
          <Link className={link} href={`/w/${workspaceId}/settings#model-providers`}>
            Model providers
          </Link>{" "}
          in the workspace&apos;s settings.
        </Step>
        <Step done={progress.bot} title="Create a bot">
          Start from a template or a blank flow with <strong>New bot</strong> above, and try it in the editor&apos;s test chat.
        </Step>
        <Step done={progress.deployment} title="Publish and embed">
          Publish a version in the editor, then create{" "}
          <Link className={link} href={`/w/${workspaceId}/deployments`}>
            a deployment
          </Link>{" "}
          and paste its snippet into your site.
        </Step>
      </ol>
    </section>
  );
}
