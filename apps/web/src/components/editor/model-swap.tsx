"use client";
// The selected Model node's toolbar, with the models it offers: the catalog's for the node's provider,
// what its credential's server says it serves, and the model it has now (even if neither list knows it).
import type { FlowNodeData } from "./flow-node";
import type { CatalogOption, CredentialOption } from "./inspector";
import { ModelToolbar } from "./model-toolbar";
import { useProviderModels } from "./provider-models";

interface Props {
  workspaceId: string;
  botId: string;
  node: { id: string; data: FlowNodeData };
  credentials: CredentialOption[];
  catalog: CatalogOption[];
  onConfigChange: (config: Record<string, unknown>) => void;
  /** How much of the canvas's left edge a floating palette covers (px). */
  coveredLeft?: number;
}

export function ModelSwapToolbar({ workspaceId, botId, node, credentials, catalog, onConfigChange, coveredLeft }: Props) {
  const { config } = node.data;
  const served = useProviderModels(workspaceId, config.credentialId);
  const kind = credentials.find((credential) => credential.id === config.credentialId)?.kind;
  const current = typeof config.model === "string" && config.model ? [config.model] : [];
  const models = [...new Set([...catalog.filter((item) => item.provider === kind).map((item) => item.model), ...served, ...current])];
  return (
    <ModelToolbar
      workspaceId={workspaceId}
      botId={botId}
      nodeId={node.id}
      model={String(config.model ?? "")}
      models={models}
      onModelChange={(model) => onConfigChange({ ...config, model })}
      coveredLeft={coveredLeft}
    />
  );
}
