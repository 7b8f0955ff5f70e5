// Widget visitors' sessions are minted by the server, not chosen by the browser: a token is a random
// id and an HMAC of it (with a key derived from SWITCHYARD_SECRET) bound to one deployment. A visitor
// cannot name someone else's conversation, and each token gets its own rate limit, so the public
// chat is bounded per visitor without trusting client addresses.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@switchyard/config";

/** Request header the widget sends its token in (read before the body, with the rate limits). */
export const WIDGET_SESSION_HEADER = "x-switchyard-session";

const keys = new Map<string, Buffer>();
function signingKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = deriveKey(secret, "widget-session")));
  return key;
}

const sign = (secret: string, deploymentId: string, id: string) =>
  createHmac("sha256", signingKey(secret)).update(`${deploymentId}:${id}`).digest("base64url");

/** A new session for one deployment: the token goes to the browser, the id names the conversation. */
export function mintWidgetSession(secret: string, deploymentId: string): { token: string; id: string } {
  const id = randomBytes(16).toString("base64url");
  return { token: `${id}.${sign(secret, deploymentId, id)}`, id };
}

/** The session id a token carries, or null when it was not minted by this server for this deployment. */
export function readWidgetSession(secret: string, deploymentId: string, token: string | null | undefined): string | null {
  const match = /^([\w-]{22})\.([\w-]{43})$/.exec(token ?? "");
  if (!match) return null;
  const [, id, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(sign(secret, deploymentId, id));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}
