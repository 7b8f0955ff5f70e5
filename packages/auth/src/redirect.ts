// Where a browser may be sent after signing in (`?next=`, next-auth's callbackUrl): only a path on
// this app. Runs in the browser (the sign-in form) and on the server (next-auth's redirect callback).

// A placeholder origin to resolve against: whatever resolves elsewhere was not a path of ours.
const PLACEHOLDER = "http://placeholder.invalid";

/**
 * `target` as a same-origin path (`/w/abc/bots?x=1#y`), or `fallback`. Browsers read `//host`,
 * `/\host`, and either with tabs or newlines inside as another host, and `javascript:` as code, so
 * only what resolves against this origin and does not begin with two slashes (after the URL parser
 * has normalised it, as `/.//host` would) is kept.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.length > 2048) return fallback;
  if (target.includes("\\") || [...target].some((char) => char < " " || char === "\u007f")) return fallback; // control characters
  let url: URL;
  try {
    url = new URL(target, PLACEHOLDER);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === PLACEHOLDER && !path.startsWith("//") ? path : fallback;
}

/** next-auth's redirect callback: a path, or an absolute URL on `baseUrl`, kept as a path there; anything else goes home. */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let path: string = url;
  if (!url.startsWith("/")) {
    try {
      const absolute = new URL(url);
      path = absolute.origin === base.origin ? `${absolute.pathname}${absolute.search}${absolute.hash}` : "/";
    } catch {
      path = "/";
    }
  }
  return `${base.origin}${safeRedirectPath(path)}`;
}
