// Runs before Next.js renders a page: gives it a Content-Security-Policy with a fresh nonce. Next reads
// the nonce from the request's Content-Security-Policy header and puts it on every script it renders
// (pages are rendered per request: the root layout is force-dynamic). API routes, static files and
// widget.js are not matched, and the direct routes of server.ts never reach Next at all, so they pay
// nothing for this.
import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce } from "../security-headers";

const development = process.env.NODE_ENV === "development";

export function proxy(request: NextRequest) {
  const policy = contentSecurityPolicy(newNonce(), { development });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    {
      // pages only: not /api/…, Next's static chunks and images, the icon or the embeddable widget.js
      source: "/((?!api/|_next/static/|_next/image|icon\\.svg|favicon\\.ico|widget\\.js).*)",
      // a prefetch's answer is cached and used by a later navigation: no nonce of its own needed
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
