import { isAppError } from "@switchyard/errors";
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { errorResponse, isJsonContentType, parseJsonText } from "@/server/route";
import { checkSameOrigin } from "@/server/same-origin";
import { appOrigin, getAuthOptions } from "@/server/services";

// next-auth reads a JSON body with `req.json()` and answers a malformed one with a 500: check it
// the way every other route does first.
async function badJsonBody(request: NextRequest): Promise<Response | null> {
  if (request.method !== "POST" || !isJsonContentType(request.headers.get("content-type"))) return null;
  try {
    parseJsonText(await request.clone().text());
    return null;
  } catch (error) {
    if (isAppError(error)) return errorResponse(error);
    throw error;
  }
}

// next-auth's own CSRF token is a cookie checked against the form, and a page on another port of the
// same host can write our cookies: sign-in, sign-out and callbacks by POST must come from our pages too.
function crossSite(request: NextRequest): Response | null {
  try {
    checkSameOrigin(request, appOrigin());
    return null;
  } catch (error) {
    return errorResponse(error);
  }
}

const handler = async (request: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) =>
  crossSite(request) ?? (await badJsonBody(request)) ?? NextAuth(request as never, context as never, getAuthOptions());

export { handler as GET, handler as POST };
