import { findInvite } from "@switchyard/db";
import Link from "next/link";
import { Logo } from "@/components/logo";
import { AcceptInvite } from "@/components/workspace/accept-invite";
import { buttonVariants } from "@/components/ui/button";
import { db } from "@/server/services";
import { readSessionUser } from "@/server/session";

export const metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invite, user] = await Promise.all([findInvite(db(), token), readSessionUser()]);
  const valid = invite && !invite.acceptedAt && invite.expiresAt > new Date();
  const here = `/invite/${token}`;
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-zinc-50 px-4">
      <div className="w-full max-w-sm rounded-xl border border-zinc-200 bg-white p-6 text-center shadow-sm">
        <Logo className="mb-4 text-lg" />
        {!valid ? (
          <p className="text-sm text-zinc-600">This invite link is invalid or has expired. Ask for a new one.</p>
        ) : (
          <div className="flex flex-col gap-4">
            <p>
              You are invited to join <strong>{invite.workspace.name}</strong> as {invite.role.toLowerCase()}.
            </p>
            {user ? (
              <AcceptInvite token={token} />
            ) : (
              <div className="flex flex-col gap-2">
                <Link className={buttonVariants()} href={`/signup?next=${encodeURIComponent(here)}`}>
                  Create an account
                </Link>
                <Link className={buttonVariants({ variant: "outline" })} href={`/login?next=${encodeURIComponent(here)}`}>
                  Sign in
                </Link>
              </div>
            )}
          </div>
        )}
      </div>
    </main>
  );
}
