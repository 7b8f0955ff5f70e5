import { describe, expect, it } from "vitest";
import { safeRedirectPath, sameOriginRedirect } from "./redirect";

// Each of these sends a browser to another host, runs script, or is not a path at all.
const hostile = [
  "//other.host/x",
  "///other.host/x",
  "/\\other.host/x",
  "\\\\other.host/x",
  "/\\/other.host",
  "/\t/other.host/x",
  "/\n/other.host",
  "/\r\n/other.host",
  "/.//other.host/x",
  "/x/..//other.host",
  "https://other.host/x",
  "http:other.host",
  "HTTPS://other.host",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox",
  "other.host/x",
  "",
  " /w/x",
  "/\u0000/other.host",
  "/" + "a".repeat(3000),
];

describe("safeRedirectPath", () => {
  it.each(hostile)("refuses %j", (target) => {
    expect(safeRedirectPath(target)).toBe("/");
  });

  it("refuses what is not a string", () => {
    for (const target of [null, undefined, 42, ["/w"], { toString: () => "/w" }]) expect(safeRedirectPath(target)).toBe("/");
  });

  it("keeps a path on this app, with its query and fragment", () => {
    expect(safeRedirectPath("/")).toBe("/");
    expect(safeRedirectPath("/invite/abc123")).toBe("/invite/abc123");
    expect(safeRedirectPath("/w/ws1/bots?tab=runs#last")).toBe("/w/ws1/bots?tab=runs#last");
    // still a path here once a browser decodes it: %2F is a character of the path, not a separator
    expect(safeRedirectPath("/%2F%2Fother.host")).toBe("/%2F%2Fother.host");
    expect(safeRedirectPath("/a/../w")).toBe("/w");
  });

  it("uses the fallback it is given", () => {
    expect(safeRedirectPath("//other.host", "/login")).toBe("/login");
  });
});

describe("sameOriginRedirect (next-auth's redirect callback)", () => {
  const base = "https://switchyard.example.com";
  it("keeps paths and absolute URLs on the app, as URLs on the app", () => {
    expect(sameOriginRedirect("/w/1/bots", base)).toBe(`${base}/w/1/bots`);
    expect(sameOriginRedirect(`${base}/invite/x?y=1`, base)).toBe(`${base}/invite/x?y=1`);
  });

  it("sends everything else home", () => {
    for (const url of [...hostile, `${base}.evil.test/x`, "https://switchyard.example.com:444/x", "http://switchyard.example.com/x"])
      expect(sameOriginRedirect(url, base), url).toBe(`${base}/`);
  });
});
