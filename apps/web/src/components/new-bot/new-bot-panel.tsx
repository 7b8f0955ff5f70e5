"use client";
// "New bot": one of the starter templates (a gallery with a picture of each flow), which asks for its
// models and store before the bot is created and opened in the editor, or a blank flow by name. The
// gallery comes first: a newcomer sees working flows before an empty canvas (and the name field does
// not take the focus, which would scroll the gallery away).
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { FlowPicture } from "./flow-picture";
import { TemplateSetup } from "./template-setup";
import type { GalleryTemplate, ProviderOption, StoreOption } from "./types";

export function NewBotPanel(props: {
  workspaceId: string;
  templates: GalleryTemplate[];
  providers: ProviderOption[];
  stores: StoreOption[];
  onCreateBlank: (event: FormEvent<HTMLFormElement>) => void;
  onCancel: () => void;
  onCreated: (botId: string) => void;
}) {
  const { workspaceId, templates, providers } = props;
  const [chosen, setChosen] = useState<GalleryTemplate | null>(null);

  return (
    <section aria-label="New bot" className="mb-6 rounded-lg border border-indigo-200 bg-indigo-50/50 p-4">
      {chosen ? (
        <TemplateSetup
          workspaceId={workspaceId}
          template={chosen}
          providers={providers}
          stores={props.stores}
          onBack={() => setChosen(null)}
          onCreated={props.onCreated}
        />
      ) : (
        <>
          <div className="mb-1 flex items-center justify-between gap-3">
            <h2 className="text-sm font-semibold">Start from a template</h2>
            <Button type="button" size="sm" variant="ghost" onClick={props.onCancel}>
              Cancel
            </Button>
          </div>
          {providers.length ? (
            <p className="mb-3 text-sm text-zinc-600">Each asks which of your providers and models to use.</p>
          ) : (
            <p className="mb-3 text-sm text-zinc-600">
              Templates call models:{" "}
              <Link className="font-medium text-indigo-700 underline" href={`/w/${workspaceId}/settings#model-providers`}>
                add a model provider
              </Link>{" "}
              first.
            </p>
          )}
          <ul aria-label="Templates" className="grid grid-cols-1 gap-3 md:grid-cols-2">
            {templates.map((template) => (
              <li
                key={template.id}
                aria-label={template.name}
                className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3"
              >
                <div className="rounded-md bg-zinc-50 p-2">
                  <FlowPicture picture={template.picture} title={`The ${template.name} flow`} />
                </div>
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-medium">{template.name}</p>
                    <p className="text-sm text-zinc-600">{template.description}</p>
                  </div>
                  <Button
                    size="sm"
                    variant="outline"
                    disabled={!providers.length}
                    aria-label={`Use template ${template.name}`}
                    onClick={() => setChosen(template)}
                  >
                    Use
                  </Button>
                </div>
              </li>
            ))}
          </ul>
          <h2 className="mt-5 mb-2 text-sm font-semibold">Or start from a blank flow</h2>
          <form onSubmit={props.onCreateBlank} className="flex items-center gap-2">
            <Input name="name" placeholder="Bot name, e.g. Support assistant" aria-label="Bot name" required maxLength={100} />
            <Button type="submit">Create</Button>
          </form>
        </>
      )}
    </section>
  );
}
