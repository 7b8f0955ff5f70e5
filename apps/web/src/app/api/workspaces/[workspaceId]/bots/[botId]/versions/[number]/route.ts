import { getVersion } from "@switchyard/db";
import { flowGraphSchema } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId, params }) => {
  const number = Number(params.number);
  if (!Number.isInteger(number) || number < 1) throw new AppError("BAD_REQUEST", "Version numbers are whole numbers from 1");
  const version = await getVersion(db(), workspaceId, params.botId!, number);
  return {
    version: {
      id: version.id,
      number: version.number,
      note: version.note,
      createdAt: version.createdAt,
      graph: flowGraphSchema.parse(version.graph),
    },
  };
});
