"use client";
// Sign-in and sign-up share one form: sign-up creates the account through our API, then both sign
// in through next-auth's credentials provider.
import Link from "next/link";
import { safeRedirectPath } from "@switchyard/auth/redirect";
import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { api } from "@/lib/api";
import { useApiAction } from "@/lib/use-api-action";

type Mode = "login" | "signup";

export function AuthForm({ mode, oauthProviders }: { mode: Mode; oauthProviders: string[] }) {
  const router = useRouter();
  const asked = useSearchParams().get("next");
  const next = asked === null ? null : safeRedirectPath(asked);
  const { error, pending, run } = useApiAction();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    void run(
      async () => {
        if (mode === "signup") await api("/api/signup", { body: { name: String(form.get("name") ?? ""), email, password } });
        const result = await signIn("credentials", { email, password, redirect: false });
        if (!result || result.error)
          throw new Error(result?.error === "CredentialsSignin" ? "Wrong email or password" : (result?.error ?? "Sign-in failed"));
      },
      () => {
        router.replace(next ?? "/");
        router.refresh();
      },
    );
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
        {mode === "signup" && (
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="name">Name</Label>
            <Input id="name" name="name" autoComplete="name" required maxLength={100} />
          </div>
        )}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="email">Email</Label>
          <Input id="email" name="email" type="email" autoComplete="email" required />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="password">Password</Label>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete={mode === "signup" ? "new-password" : "current-password"}
            required
            minLength={mode === "signup" ? 10 : undefined}
          />
          {mode === "signup" && <p className="text-xs text-zinc-500">At least 10 characters.</p>}
        </div>
        <FieldError message={error} />
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Please wait…" : mode === "signup" ? "Create account" : "Sign in"}
        </Button>
      </form>
      {oauthProviders.length > 0 && (
        <div className="flex flex-col gap-2">
          <div className="text-center text-xs uppercase tracking-wide text-zinc-400">or</div>
          {oauthProviders.map((provider) => (
            <Button key={provider} variant="outline" onClick={() => signIn(provider, { callbackUrl: next ?? "/" })}>
              Continue with {provider === "github" ? "GitHub" : "Google"}
            </Button>
          ))}
        </div>
      )}
      <p className="text-center text-sm text-zinc-600">
        {mode === "signup" ? "Already have an account? " : "New to Switchyard? "}
        <Link
          className="font-medium text-indigo-600 hover:underline"
          href={`${mode === "signup" ? "/login" : "/signup"}${next ? `?next=${encodeURIComponent(next)}` : ""}`}
        >
          {mode === "signup" ? "Sign in" : "Create an account"}
        </Link>
      </p>
    </div>
  );
}
