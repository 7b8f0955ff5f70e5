"use client";
// A judge's provider and model, shared by the LLM judge and the knowledge-base judges.
import { ProviderOptions } from "../provider-options";
import { Input, Select } from "@/components/ui/input";

export function JudgeModelFields({
  credentials,
  value,
  labels,
  onChange,
}: {
  credentials: { id: string; name: string }[];
  value: { credentialId: string; model: string };
  labels: { provider: string; model: string };
  onChange: (change: { credentialId?: string; model?: string }) => void;
}) {
  return (
    <>
      <Select aria-label={labels.provider} value={value.credentialId} onChange={(event) => onChange({ credentialId: event.target.value })}>
        <ProviderOptions credentials={credentials} />
      </Select>
      <Input
        aria-label={labels.model}
        placeholder={labels.model}
        value={value.model}
        onChange={(event) => onChange({ model: event.target.value })}
      />
    </>
  );
}
