// The card-style list of a workspace's things (bots, context stores, deployments): per row an icon, a
// linked name with one line about it, and whatever the row offers after that.
import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

export function ItemList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <ul className="divide-y divide-zinc-100 overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm" aria-label={label}>
      {children}
    </ul>
  );
}

const tints = { indigo: "bg-indigo-100 text-indigo-700", emerald: "bg-emerald-100 text-emerald-700" };

/** One row: the icon, then `children` (usually an ItemTitle, then actions). */
export function ItemRow({ icon: Icon, tint, children }: { icon: LucideIcon; tint: keyof typeof tints; children: ReactNode }) {
  return (
    <li className="group flex items-center gap-4 px-5 py-3.5 hover:bg-zinc-50">
      <div className={`flex h-9 w-9 items-center justify-center rounded-lg ${tints[tint]}`}>
        <Icon className="h-5 w-5" />
      </div>
      {children}
    </li>
  );
}

/** The row's linked name and its one line of detail. */
export function ItemTitle({ href, name, children }: { href: string; name: string; children: ReactNode }) {
  return (
    <div className="min-w-0 flex-1">
      <Link href={href} className="block truncate font-medium text-zinc-900 hover:text-indigo-700">
        {name}
      </Link>
      <p className="truncate text-xs text-zinc-500">{children}</p>
    </div>
  );
}
