// Headers every answer carries, whether Next.js or the direct routes of server.ts serve it.
export const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** A fresh nonce: 128 random bits, base64 (what CSP's `'nonce-…'` expects). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * The Content-Security-Policy of the app's pages (set by src/proxy.ts with a new nonce per request;
 * docs/security.md explains each directive). JSON API answers carry none: a browser never renders them.
 */
export function contentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // Next.js puts the nonce on its own inline and bundle scripts; 'strict-dynamic' lets those load
    // their chunks, and makes browsers ignore 'self' and host lists, so only nonced scripts start.
    // React's development build evaluates code to rebuild server stack traces; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // <style> and stylesheets: ours (and Next's nonced inline ones) only.
    `style-src 'self' 'nonce-${nonce}'`,
    // style="" attributes: React Flow positions nodes and edges with them, as do Recharts and our own
    // components, and server-rendered HTML carries them. An attribute styles only its own element and
    // cannot run script; any url() in it is still bound by img-src / font-src below.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Not upgrade-insecure-requests: a deployment served over plain http on a private network
    // (http://switchyard.lan:3000) would have every request of its own pages rewritten to https.
  ].join("; ");
}
