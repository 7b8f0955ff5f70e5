// Which bots (drafts) and deployments (their versions) use a provider, context store, HTTP credential
// or dataset: what the UI names before something is removed. A provider also names the pools it is a
// member of (removing it takes it out of them).
import { poolsUsingCredential, referenceUsages } from "@switchyard/db";
import { REFERENCE_KINDS } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { nodeRegistry } from "@switchyard/nodes";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

const kindSchema = z.enum(REFERENCE_KINDS);

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => {
  const kind = kindSchema.safeParse(params.kind);
  if (!kind.success) throw new AppError("BAD_REQUEST", `kind must be one of ${REFERENCE_KINDS.join(", ")}`);
  const usages = await referenceUsages(db(), workspaceId, nodeRegistry, { kind: kind.data, id: params.id! });
  return kind.data === "credential" ? { ...usages, pools: await poolsUsingCredential(db(), workspaceId, params.id!) } : usages;
});
