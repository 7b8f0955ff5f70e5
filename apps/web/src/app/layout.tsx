import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page depends on the signed-in user; nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Design, run, evaluate and publish multi-model AI bots.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
