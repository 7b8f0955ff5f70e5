"use client";
// The workspace's navigation. It stays in place while long pages scroll, and narrows to icons below
// 1280 px and in the bot editor, so the canvas keeps most of the screen.
import { BarChart3, Bot, ChevronsUpDown, FlaskConical, Inbox, Library, LogOut, Plus, Rocket, Settings } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { Logo } from "@/components/logo";
import { ThemeSelect } from "@/components/theme/theme-select";
import { Button } from "@/components/ui/button";
import { FieldError, Input } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";
import { cn } from "@/lib/cn";
import type { POST as createWorkspaceRoute } from "@/app/api/workspaces/route";
import type { ResponseOf } from "@/server/route";

interface Props {
  workspaceId: string;
  workspaceName: string;
  workspaces: { id: string; name: string; role: string }[];
  user: { email: string; name: string | null };
  /** Approvals waiting for an answer: the inbox's badge. */
  pendingApprovals: number;
}

export function Sidebar({ workspaceId, workspaceName, workspaces, user, pendingApprovals }: Props) {
  const pathname = usePathname();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const { error, run } = useApiAction();
  const links = [
    { href: `/w/${workspaceId}/bots`, label: "Bots", icon: Bot },
    { href: `/w/${workspaceId}/evals`, label: "Evals", icon: FlaskConical },
    { href: `/w/${workspaceId}/stores`, label: "Knowledge", icon: Library },
    { href: `/w/${workspaceId}/deployments`, label: "Deployments", icon: Rocket },
    { href: `/w/${workspaceId}/approvals`, label: "Approvals", icon: Inbox, badge: pendingApprovals },
    { href: `/w/${workspaceId}/usage`, label: "Usage", icon: BarChart3 },
    { href: `/w/${workspaceId}/settings`, label: "Settings", icon: Settings },
  ];

  async function createWorkspace(formData: FormData) {
    await run(async () => {
      const { workspace } = await api<ResponseOf<typeof createWorkspaceRoute>>("/api/workspaces", { body: { name: formData.get("name") } });
      setOpen(false);
      setCreating(false);
      router.push(`/w/${workspace.id}/bots`);
      router.refresh();
    });
  }

  return (
    <aside
      className="sticky top-0 flex h-screen w-60 shrink-0 flex-col overflow-y-auto border-r border-zinc-200 bg-white compact:w-14"
      aria-label="Workspace navigation"
      data-compact={/\/bots\/[^/]+/.test(pathname) ? "" : undefined}
    >
      <div className="px-4 py-4 compact:px-3">
        <Logo textClassName="compact:sr-only" />
      </div>
      <div className="relative px-3 compact:px-2">
        <button
          type="button"
          aria-haspopup="listbox"
          aria-expanded={open}
          aria-label="Switch workspace"
          onClick={() => setOpen(!open)}
          title={workspaceName}
          className="flex w-full items-center justify-between rounded-md border border-zinc-200 px-3 py-2 text-left text-sm hover:bg-zinc-50 compact:justify-center compact:px-0"
        >
          <span className="truncate font-medium compact:hidden">{workspaceName}</span>
          <span className="hidden font-medium compact:inline" aria-hidden>
            {workspaceName.slice(0, 1).toUpperCase()}
          </span>
          <ChevronsUpDown className="h-4 w-4 text-zinc-400 compact:hidden" />
        </button>
        {open && (
          <div
            className="absolute left-3 right-3 z-20 mt-1 rounded-md border border-zinc-200 bg-white p-1 shadow-lg compact:left-2 compact:right-auto compact:w-56"
            role="listbox"
          >
            {workspaces.map((workspace) => (
              <Link
                key={workspace.id}
                href={`/w/${workspace.id}/bots`}
                onClick={() => setOpen(false)}
                role="option"
                aria-selected={workspace.id === workspaceId}
                className={cn(
                  "flex items-center justify-between rounded px-2 py-1.5 text-sm hover:bg-zinc-100",
                  workspace.id === workspaceId && "bg-zinc-100",
                )}
              >
                <span className="truncate">{workspace.name}</span>
                <span className="text-xs lowercase text-zinc-400">{workspace.role}</span>
              </Link>
            ))}
            <div className="my-1 border-t border-zinc-100" />
            {creating ? (
              <form action={createWorkspace} className="flex flex-col gap-2 p-1">
                <Input name="name" placeholder="Workspace name" aria-label="Workspace name" autoFocus required maxLength={80} />
                <FieldError message={error} />
                <Button size="sm" type="submit">
                  Create workspace
                </Button>
              </form>
            ) : (
              <button
                type="button"
                onClick={() => setCreating(true)}
                className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100"
              >
                <Plus className="h-4 w-4" /> New workspace
              </button>
            )}
          </div>
        )}
      </div>
      <nav className="mt-4 flex flex-col gap-0.5 px-3 compact:px-2">
        {links.map(({ href, label, icon: Icon, badge }) => (
          <Link
            key={href}
            href={href}
            title={label}
            className={cn(
              "flex items-center gap-2 rounded-md px-3 py-2 text-sm text-zinc-700 hover:bg-zinc-100 compact:justify-center compact:px-0",
              pathname.startsWith(href) && "bg-indigo-50 font-medium text-indigo-700",
            )}
          >
            <span className="relative">
              <Icon className="h-4 w-4 shrink-0" />
              {badge ? (
                <span className="absolute -right-1.5 -top-1.5 hidden h-2 w-2 rounded-full bg-red-500 compact:block" aria-hidden />
              ) : null}
            </span>{" "}
            <span className="compact:sr-only">{label}</span>
            {badge ? (
              <span
                className="ml-auto rounded-full bg-red-500 px-1.5 text-xs font-semibold text-white compact:sr-only"
                aria-label={`${badge} waiting`}
                data-testid="approvals-badge"
              >
                {badge}
              </span>
            ) : null}
          </Link>
        ))}
      </nav>
      <div className="mt-auto flex flex-col gap-2 border-t border-zinc-200 p-3 compact:px-2">
        <div className="truncate px-1 text-xs text-zinc-500 compact:hidden" title={user.email}>
          {user.name ?? user.email}
          <div className="truncate text-zinc-400">{user.email}</div>
        </div>
        <ThemeSelect />
        <Button
          variant="ghost"
          size="sm"
          className="w-full justify-start compact:justify-center compact:px-0"
          title="Sign out"
          onClick={() => signOut({ callbackUrl: "/login" })}
        >
          <LogOut className="h-4 w-4" /> <span className="compact:sr-only">Sign out</span>
        </Button>
      </div>
    </aside>
  );
}
