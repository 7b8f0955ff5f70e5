import { isAppError } from "@switchyard/errors";
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { errorResponse, parseJsonText } from "@/server/route";
import { getAuthOptions } from "@/server/services";

// next-auth reads a JSON body with `req.json()` and answers a malformed one with a 500: check it
// the way every other route does first.
async function badJsonBody(request: NextRequest): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.get("content-type")?.includes("application/json")) return null;
  try {
    parseJsonText(await request.clone().text());
    return null;
  } catch (error) {
    if (isAppError(error)) return errorResponse(error);
    throw error;
  }
}

const handler = async (request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) =>
  (await badJsonBody(request)) ?? NextAuth(request as never, context as never, getAuthOptions());

export { handler as GET, handler as POST };
