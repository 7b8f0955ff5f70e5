// The share link's hosted chat page: the widget's conversation filling the page, with the bot's title,
// greeting and theme, for anyone with the link (no sign-in). 404 while the deployment's share link is off.
// widget.js comes from this origin and carries the page's CSP nonce; its messages go to the public
// chat endpoint, with the widget's rate limits and the deployment's budget.
import { findSharedChat } from "@switchyard/db";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { chatAppearance } from "@/server/chat-appearance";
import { db } from "@/server/services";

type Props = { params: Promise<{ publicId: string }> };

async function sharedChat(publicId: string) {
  const chat = await findSharedChat(db(), publicId);
  if (!chat) notFound();
  return chat;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const chat = await sharedChat((await params).publicId);
  // nothing to index: a shared link is for whoever it was given to
  return { title: chatAppearance(chat).title, robots: { index: false, follow: false } };
}

export default async function SharedChatPage({ params }: Props) {
  const chat = await sharedChat((await params).publicId);
  const nonce = (await headers()).get("content-security-policy")?.match(/'nonce-([^']+)'/)?.[1];
  const look = chatAppearance(chat);
  return (
    <main className="min-h-screen" style={{ background: look.theme === "dark" ? "#18181b" : "#fff" }}>
      <noscript>This chat needs JavaScript.</noscript>
      <script
        src="/widget.js"
        nonce={nonce}
        async
        data-bot={chat.publicId}
        data-layout="page"
        data-title={look.title}
        data-greeting={look.greeting}
        data-accent={look.accent}
        data-theme={look.theme}
      />
    </main>
  );
}
