import { enabledOAuthProviders } from "@switchyard/auth";
import { redirect } from "next/navigation";
import { AuthPage } from "@/components/auth/auth-page";
import { env } from "@/server/services";
import { readSessionUser } from "@/server/session";

export const metadata = { title: "Sign in" };

export default async function LoginPage() {
  if (await readSessionUser()) redirect("/");
  return <AuthPage mode="login" oauthProviders={enabledOAuthProviders(env())} />;
}
