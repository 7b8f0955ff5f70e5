import { enabledOAuthProviders } from "@switchyard/auth";
import { redirect } from "next/navigation";
import { AuthPage } from "@/components/auth/auth-page";
import { env } from "@/server/services";
import { readSessionUser } from "@/server/session";

export const metadata = { title: "Create account" };

export default async function SignUpPage() {
  if (await readSessionUser()) redirect("/");
  return <AuthPage mode="signup" oauthProviders={enabledOAuthProviders(env())} />;
}
