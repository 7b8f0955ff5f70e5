import { clientAddress, hashPassword, signUpSchema } from "@switchyard/auth";
import { createUserWithWorkspace, findUserByEmail } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { consumeRateLimit } from "@switchyard/queue";
import { json, route } from "@/server/route";
import { db, env, redis } from "@/server/services";

const HOUR_MS = 60 * 60 * 1000;
const UNKNOWN_ADDRESS_FACTOR = 20;

export const POST = route({ public: true, body: signUpSchema, maxBodyBytes: 8 * 1024 }, async ({ request, body }) => {
  const ip = clientAddress(request.headers, env().TRUST_PROXY);
  // Sign-ups have no account to count against: with the address unknown (no trusted proxy) they share
  // one bucket, generous enough for real sign-ups and still a ceiling on scripted ones.
  const limit =
    ip === null
      ? await consumeRateLimit(redis(), "signup:unknown-address", env().SIGNUPS_PER_IP_PER_HOUR * UNKNOWN_ADDRESS_FACTOR, HOUR_MS)
      : await consumeRateLimit(redis(), `signup:ip:${ip}`, env().SIGNUPS_PER_IP_PER_HOUR, HOUR_MS);
  if (!limit.allowed)
    throw new AppError("RATE_LIMITED", "Too many sign-ups; try again later", { retryAfterSeconds: limit.retryAfterSeconds });
  if (await findUserByEmail(db(), body.email)) throw new AppError("CONFLICT", "An account with this email already exists; sign in instead");
  const { user, workspace } = await createUserWithWorkspace(db(), {
    email: body.email,
    name: body.name,
    passwordHash: await hashPassword(body.password),
  });
  return json({ user: { id: user.id, email: user.email, name: user.name }, workspaceId: workspace.id }, 201);
});
