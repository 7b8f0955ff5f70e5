import { Suspense, type ComponentProps } from "react";
import { Logo } from "@/components/logo";
import { AuthForm } from "./auth-form";

/** The sign-in and sign-up page's body; the page itself turns away people already signed in. */
export function AuthPage({ mode, oauthProviders }: ComponentProps<typeof AuthForm>) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-indigo-50 to-zinc-50 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <Logo className="text-xl" />
          <h1 className="text-2xl font-semibold tracking-tight">{mode === "signup" ? "Create your account" : "Welcome back"}</h1>
          <p className="text-sm text-zinc-600">Design, run and evaluate bots across every model you use.</p>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
          <Suspense>
            <AuthForm mode={mode} oauthProviders={oauthProviders} />
          </Suspense>
        </div>
      </div>
    </main>
  );
}
