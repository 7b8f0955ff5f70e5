import { readTelemetryExport, saveTelemetryExport } from "@switchyard/db";
import { route } from "@/server/route";
import { db, env } from "@/server/services";
import { checkEndpoint, telemetryExportSchema } from "@/server/telemetry-input";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ settings: await readTelemetryExport(db(), workspaceId) }));

/** Owners only: turning export on sends the workspace's runs (and, if chosen, its conversations) to another server. */
export const PUT = route({ role: "OWNER", body: telemetryExportSchema }, async ({ workspaceId, body }) => {
  await checkEndpoint(workspaceId, body.endpoint);
  const headers = body.headers && Object.fromEntries(body.headers.map(({ name, value }) => [name, value]));
  return { settings: await saveTelemetryExport(db(), workspaceId, { ...body, headers }, env().SWITCHYARD_SECRET) };
});
