"use client";
// Pools: several provider credentials serving the same model. A Model node (or a route) that names a
// pool spreads its calls over the members and fails over when one refuses; this panel creates and
// edits them (name, members in order, an optional model name per member, a weight).
import { Layers, Plus, X } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label, Select } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { ConfirmRemoval } from "./confirm-removal";
import type { POST as createPool } from "@/app/api/workspaces/[workspaceId]/pools/route";
import type { ResponseOf } from "@/server/route";

interface Member {
  credentialId: string;
  model: string | null;
  weight: number;
  credentialName?: string;
}

export interface PoolView {
  id: string;
  name: string;
  members: Member[];
}

interface Draft {
  /** The pool being edited; undefined for a new one. */
  id?: string;
  name: string;
  members: { credentialId: string; model: string; weight: string }[];
}

const emptyMember = { credentialId: "", model: "", weight: "1" };
const blank: Draft = { name: "", members: [{ ...emptyMember }, { ...emptyMember }] };

export function PoolsPanel({
  workspaceId,
  canEdit,
  credentials,
  initialPools,
}: {
  workspaceId: string;
  canEdit: boolean;
  credentials: { id: string; name: string }[];
  initialPools: PoolView[];
}) {
  const router = useRouter();
  const [pools, setPools] = useState(initialPools);
  // removing a provider above takes it out of its pools: the refreshed page brings the new lists
  useEffect(() => setPools(initialPools), [initialPools]);
  const [draft, setDraft] = useState<Draft>(blank);
  const { error, pending: busy, run } = useApiAction();
  const base = `/api/workspaces/${workspaceId}/pools`;

  const setMember = (index: number, change: Partial<Draft["members"][number]>) =>
    setDraft((current) => ({ ...current, members: current.members.map((member, i) => (i === index ? { ...member, ...change } : member)) }));

  async function save(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      const body = {
        name: draft.name,
        members: draft.members.map((member) => ({
          credentialId: member.credentialId,
          model: member.model.trim() || null,
          weight: Number(member.weight) || 1,
        })),
      };
      const { pool } = await api<ResponseOf<typeof createPool>>(draft.id ? `${base}/${draft.id}` : base, {
        method: draft.id ? "PUT" : "POST",
        body,
      });
      setPools((current) => [...current.filter((item) => item.id !== pool.id), pool].sort((a, b) => a.name.localeCompare(b.name)));
      setDraft(blank);
      router.refresh();
    });
  }

  async function remove(id: string) {
    await api(`${base}/${id}`, { method: "DELETE" });
    setPools((current) => current.filter((pool) => pool.id !== id));
    router.refresh();
  }

  const edit = (pool: PoolView) =>
    setDraft({
      id: pool.id,
      name: pool.name,
      members: pool.members.map((member) => ({
        credentialId: member.credentialId,
        model: member.model ?? "",
        weight: String(member.weight),
      })),
    });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Model pools</CardTitle>
        <p className="text-sm text-zinc-500">
          Several providers serving the same model (two API keys, two vLLM servers). A model node that names a pool sends each request to
          the member with the fewest requests in flight; a member that answers 429 or fails rests for a while (its Retry-After, else 30 s)
          and the next member answers instead.
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {pools.length ? (
          <ul className="divide-y divide-zinc-100" aria-label="Model pools">
            {pools.map((pool) => (
              <li key={pool.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <Layers className="h-4 w-4 text-zinc-400" />
                <span className="font-medium">{pool.name}</span>
                <span className="text-zinc-500">
                  {pool.members.length
                    ? pool.members
                        .map(
                          (member) =>
                            member.credentialName +
                            (member.model ? ` (${member.model})` : "") +
                            (member.weight > 1 ? ` ×${member.weight}` : ""),
                        )
                        .join(", ")
                    : "no members left"}
                </span>
                {canEdit && (
                  <Button size="sm" variant="ghost" className="ml-auto" aria-label={`Edit ${pool.name}`} onClick={() => edit(pool)}>
                    Edit
                  </Button>
                )}
                {canEdit && (
                  <ConfirmRemoval
                    workspaceId={workspaceId}
                    kind="credential"
                    id={`pool:${pool.id}`}
                    name={pool.name}
                    onRemove={() => remove(pool.id)}
                  />
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No pools yet.</p>
        )}
        {canEdit && (
          <form
            onSubmit={(event) => void save(event)}
            className="flex flex-col gap-3 border-t border-zinc-100 pt-4"
            aria-label={draft.id ? "Edit pool" : "New pool"}
          >
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="pool-name">{draft.id ? "Pool name" : "New pool name"}</Label>
              <Input
                id="pool-name"
                value={draft.name}
                onChange={(event) => setDraft({ ...draft, name: event.target.value })}
                placeholder="gpt-4o-mini keys"
                required
                maxLength={80}
              />
            </div>
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium">Members, in order (ties in load go to the earlier one)</legend>
              {draft.members.map((member, index) => (
                <div key={index} className="grid grid-cols-[2fr_2fr_5rem_auto] items-end gap-2">
                  <div className="flex flex-col gap-1">
                    <Label htmlFor={`pool-member-${index}`}>Provider {index + 1}</Label>
                    <Select
                      id={`pool-member-${index}`}
                      value={member.credentialId}
                      required
                      onChange={(event) => setMember(index, { credentialId: event.target.value })}
                    >
                      <option value="">Choose a provider…</option>
                      {credentials.map((credential) => (
                        <option key={credential.id} value={credential.id}>
                          {credential.name}
                        </option>
                      ))}
                    </Select>
                  </div>
                  <div className="flex flex-col gap-1">
                    <Label htmlFor={`pool-model-${index}`}>Model at this provider (optional)</Label>
                    <Input
                      id={`pool-model-${index}`}
                      value={member.model}
                      placeholder="the node's model"
                      maxLength={200}
                      onChange={(event) => setMember(index, { model: event.target.value })}
                    />
                  </div>
                  <div className="flex flex-col gap-1">
                    <Label htmlFor={`pool-weight-${index}`}>Weight</Label>
                    <Input
                      id={`pool-weight-${index}`}
                      type="number"
                      min={1}
                      max={100}
                      value={member.weight}
                      onChange={(event) => setMember(index, { weight: event.target.value })}
                    />
                  </div>
                  <Button
                    type="button"
                    size="icon"
                    variant="ghost"
                    aria-label={`Remove pool member ${index + 1}`}
                    disabled={draft.members.length <= 1}
                    onClick={() => setDraft({ ...draft, members: draft.members.filter((_, i) => i !== index) })}
                  >
                    <X className="h-4 w-4" />
                  </Button>
                </div>
              ))}
            </fieldset>
            {!credentials.length && <p className="text-xs text-amber-700">Add providers above first.</p>}
            <div className="flex items-center justify-between gap-2">
              <FieldError message={error} />
              <Button
                type="button"
                variant="outline"
                className="ml-auto"
                disabled={draft.members.length >= 16}
                onClick={() => setDraft({ ...draft, members: [...draft.members, { ...emptyMember }] })}
              >
                <Plus className="h-4 w-4" /> Add member
              </Button>
              {draft.id && (
                <Button type="button" variant="ghost" onClick={() => setDraft(blank)}>
                  Cancel
                </Button>
              )}
              <Button type="submit" disabled={busy}>
                {draft.id ? "Save pool" : "Create pool"}
              </Button>
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}
