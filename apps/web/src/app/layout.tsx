import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { parseTheme, THEME_COOKIE } from "@/components/theme/theme";
import { ZodWithoutEval } from "@/components/zod-without-eval";
import "./globals.css";

// Every page depends on the signed-in user; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Design, run, evaluate and publish multi-model AI bots.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // without a choice the theme follows the system in CSS alone; a choice is rendered here, not after load
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <body>
        <ZodWithoutEval />
        {children}
      </body>
    </html>
  );
}
