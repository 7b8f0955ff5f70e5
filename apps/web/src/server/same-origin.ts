// Cross-site request forgery: a page on another origin must not make a signed-in browser change
// anything. SameSite=Lax cookies are not enough: a page on another port of the same host is the same
// *site*, so the browser sends it our session cookie. See docs/security.md.
import type { ApiRequest } from "./api-request";
import { AppError } from "@switchyard/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether the browser vouches that the request comes from one of the app's own pages.
 * `Sec-Fetch-Site` is written by the browser (no page can set or change it), so when present it
 * decides. Otherwise `Origin` must be the app's public origin (`SWITCHYARD_URL`). A request with
 * neither is refused: browsers send at least one of them on every POST, so only non-browser clients
 * lack both, and those authenticate with an API key instead of a session cookie.
 */
export function fromOwnPages(headers: Headers, appOrigin: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  return headers.get("origin") === appOrigin;
}

/** Throws 403 for a state-changing request (POST, PUT, PATCH, DELETE) the browser does not vouch for. */
export function checkSameOrigin(request: ApiRequest, appOrigin: string): void {
  if (SAFE_METHODS.has(request.method) || fromOwnPages(request.headers, appOrigin)) return;
  throw new AppError("FORBIDDEN", "Cross-site request refused: send it from the app's own pages, or use an API key");
}
