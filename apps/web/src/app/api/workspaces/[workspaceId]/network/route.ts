import { readAllowedHosts, setAllowedHosts } from "@switchyard/db";
import { z } from "zod";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const GET = route({ role: "VIEWER" }, async ({ workspaceId }) => ({ allowedHosts: await readAllowedHosts(db(), workspaceId) }));

// a DNS name or an IP literal (IPv6 with or without brackets); no scheme, port or path
const host = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^\[(.*)\]$/, "$1"))
  .pipe(
    z
      .string()
      .max(253)
      .regex(
        /^([0-9a-f:.]+|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*)$/,
        "Enter a host name such as api.internal or an IP address, without scheme, port or path",
      ),
  );

const networkSchema = z.object({ allowedHosts: z.array(host).max(100, "At most 100 allowed hosts") });

/** Only owners may open private addresses to the workspace's HTTP and MCP nodes. */
export const PUT = route({ role: "OWNER", body: networkSchema }, async ({ workspaceId, body }) => ({
  allowedHosts: await setAllowedHosts(db(), workspaceId, body.allowedHosts),
}));
