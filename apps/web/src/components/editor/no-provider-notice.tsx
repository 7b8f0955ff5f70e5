// Shown in the editor while the workspace has no model provider: nothing that calls a model can run
// yet, and a newcomer should not have to guess where providers are added.
import Link from "next/link";

export function NoProviderNotice({ workspaceId }: { workspaceId: string }) {
  return (
    <div role="note" aria-label="No model provider" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
      This workspace has no model provider yet, so model steps cannot run.{" "}
      <Link className="font-medium underline" href={`/w/${workspaceId}/settings#model-providers`}>
        Add a model provider
      </Link>{" "}
      (OpenAI, Anthropic, Ollama or any OpenAI-compatible server), then choose it on each model node.
    </div>
  );
}
