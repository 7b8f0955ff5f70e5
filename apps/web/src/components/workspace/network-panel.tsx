"use client";
import { Globe, KeyRound, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FieldError, Input, Label } from "@/components/ui/input";
import { api } from "@/lib/api";
import { ConfirmRemoval } from "./confirm-removal";
import type { PUT as saveNetwork } from "@/app/api/workspaces/[workspaceId]/network/route";
import type { POST as createHttpCredential } from "@/app/api/workspaces/[workspaceId]/http-credentials/route";
import type { ResponseOf } from "@/server/route";

interface HttpCredential {
  id: string;
  name: string;
  headerName: string;
  allowedHosts: string[];
}

/** Settings → Network: hosts HTTP and MCP nodes may reach on private addresses, and HTTP credentials. */
export function NetworkPanel({
  workspaceId,
  isOwner,
  canEdit,
  initialHosts,
  initialCredentials,
}: {
  workspaceId: string;
  isOwner: boolean;
  canEdit: boolean;
  initialHosts: string[];
  initialCredentials: HttpCredential[];
}) {
  const [hosts, setHosts] = useState(initialHosts);
  const [credentials, setCredentials] = useState(initialCredentials);
  const [hostError, setHostError] = useState<string | null>(null);
  const [credentialError, setCredentialError] = useState<string | null>(null);
  const base = `/api/workspaces/${workspaceId}`;

  async function saveHosts(next: string[]) {
    setHostError(null);
    try {
      const { allowedHosts } = await api<ResponseOf<typeof saveNetwork>>(`${base}/network`, {
        method: "PUT",
        body: { allowedHosts: next },
      });
      setHosts(allowedHosts);
      return true;
    } catch (caught) {
      setHostError((caught as Error).message);
      return false;
    }
  }

  async function addHost(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const host = String(new FormData(formElement).get("host") ?? "").trim();
    if (host && (await saveHosts([...hosts, host]))) formElement.reset();
  }

  async function addCredential(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const text = (key: string) => String(form.get(key) ?? "").trim();
    setCredentialError(null);
    try {
      const { credential } = await api<ResponseOf<typeof createHttpCredential>>(`${base}/http-credentials`, {
        body: {
          name: text("name"),
          headerName: text("headerName"),
          value: text("value"),
          allowedHosts: text("allowedHosts")
            .split(/[\s,]+/)
            .filter(Boolean),
        },
      });
      setCredentials((current) => [...current, credential].sort((a, b) => a.name.localeCompare(b.name)));
      formElement.reset();
    } catch (caught) {
      setCredentialError((caught as Error).message);
    }
  }

  async function removeCredential(id: string) {
    await api(`${base}/http-credentials/${id}`, { method: "DELETE" });
    setCredentials((current) => current.filter((credential) => credential.id !== id));
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Network</CardTitle>
        <p className="text-sm text-zinc-500">
          HTTP request and MCP nodes reach only public addresses. Allow a host here to let them reach it on a private network (loopback,
          10.x, 192.168.x…).
        </p>
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <section className="flex flex-col gap-3" aria-label="Allowed hosts">
          <h3 className="text-sm font-medium">Allowed hosts</h3>
          {hosts.length ? (
            <ul className="flex flex-wrap gap-2">
              {hosts.map((host) => (
                <li key={host} className="flex items-center gap-1.5 rounded-full border border-zinc-200 bg-zinc-50 py-1 pl-3 pr-1 text-sm">
                  <Globe className="h-3.5 w-3.5 text-zinc-400" />
                  <code className="text-xs">{host}</code>
                  {isOwner && (
                    <Button
                      size="icon"
                      variant="ghost"
                      className="h-6 w-6"
                      aria-label={`Remove ${host}`}
                      onClick={() => saveHosts(hosts.filter((item) => item !== host))}
                    >
                      <X className="h-3.5 w-3.5" />
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-500">No hosts allowed: private and loopback addresses are refused.</p>
          )}
          {isOwner ? (
            <form onSubmit={addHost} className="flex items-end gap-2">
              <div className="flex flex-1 flex-col gap-1.5">
                <Label htmlFor="allowed-host">Host to allow</Label>
                <Input id="allowed-host" name="host" placeholder="api.internal.example or 10.0.0.12" required maxLength={253} />
              </div>
              <Button type="submit">Allow host</Button>
            </form>
          ) : (
            <p className="text-xs text-zinc-400">Only workspace owners can change allowed hosts.</p>
          )}
          <FieldError message={hostError} />
        </section>

        <section className="flex flex-col gap-3 border-t border-zinc-100 pt-4" aria-label="HTTP credentials">
          <h3 className="text-sm font-medium">HTTP credentials</h3>
          <p className="text-xs text-zinc-500">
            A header an HTTP request or MCP node sends, such as Authorization. Values are encrypted and never shown again.
          </p>
          {credentials.length ? (
            <ul className="divide-y divide-zinc-100" aria-label="HTTP credential list">
              {credentials.map((credential) => (
                <li key={credential.id} className="flex items-center gap-3 py-2 text-sm">
                  <KeyRound className="h-4 w-4 text-zinc-400" />
                  <span className="font-medium">{credential.name}</span>
                  <code className="text-xs text-zinc-500">{credential.headerName}: ••••••</code>
                  <span className="truncate text-xs text-zinc-500">
                    {credential.allowedHosts.length ? `only to ${credential.allowedHosts.join(", ")}` : "to any host"}
                  </span>
                  {canEdit && (
                    <span className="ml-auto">
                      <ConfirmRemoval
                        workspaceId={workspaceId}
                        kind="httpCredential"
                        id={credential.id}
                        name={credential.name}
                        onRemove={() => removeCredential(credential.id)}
                      />
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-zinc-500">No HTTP credentials yet.</p>
          )}
          {canEdit && (
            <form onSubmit={addCredential} className="grid grid-cols-3 gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="http-credential-name">Credential</Label>
                <Input id="http-credential-name" name="name" placeholder="Weather API" required maxLength={80} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="http-credential-header">Header</Label>
                <Input id="http-credential-header" name="headerName" defaultValue="Authorization" required maxLength={100} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="http-credential-value">Value</Label>
                <Input id="http-credential-value" name="value" type="password" autoComplete="off" placeholder="Bearer …" required />
              </div>
              <div className="col-span-3 flex flex-col gap-1.5">
                <Label htmlFor="http-credential-hosts">Send only to (hosts)</Label>
                <Input id="http-credential-hosts" name="allowedHosts" placeholder="api.example.com, *.example.com" required />
                <p className="text-xs text-zinc-400">
                  A request to any other host fails without sending the value, so a flow cannot point the credential at another server.
                </p>
              </div>
              <div className="col-span-3 flex items-center justify-between">
                <FieldError message={credentialError} />
                <Button type="submit" className="ml-auto">
                  Add HTTP credential
                </Button>
              </div>
            </form>
          )}
        </section>
      </CardContent>
    </Card>
  );
}
