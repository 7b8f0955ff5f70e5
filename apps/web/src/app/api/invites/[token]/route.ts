import { acceptInvite } from "@switchyard/db";
import { route } from "@/server/route";
import { db } from "@/server/services";

export const POST = route({}, async ({ params, user }) => ({ workspace: await acceptInvite(db(), params.token!, user) }));
