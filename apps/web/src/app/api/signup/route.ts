import { clientAddress, hashPassword, signUpSchema } from "@switchyard/auth";
import { createUserWithWorkspace, findUserByEmail } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { consumeRateLimit } from "@switchyard/queue";
import { json, route } from "@/server/route";
import { db, env, redis } from "@/server/services";

export const POST = route({ public: true, body: signUpSchema, maxBodyBytes: 8 * 1024 }, async ({ request, body }) => {
  const ip = clientAddress(request.headers, env().TRUST_PROXY);
  // an unknown address (no trusted proxy) is not limited: see clientAddress
  const limit = ip === null ? null : await consumeRateLimit(redis(), `signup:ip:${ip}`, env().SIGNUPS_PER_IP_PER_HOUR, 60 * 60 * 1000);
  if (limit && !limit.allowed)
    throw new AppError("RATE_LIMITED", "Too many sign-ups from this address; try again later", {
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  if (await findUserByEmail(db(), body.email)) throw new AppError("CONFLICT", "An account with this email already exists; sign in instead");
  const { user, workspace } = await createUserWithWorkspace(db(), {
    email: body.email,
    name: body.name,
    passwordHash: await hashPassword(body.password),
  });
  return json({ user: { id: user.id, email: user.email, name: user.name }, workspaceId: workspace.id }, 201);
});
