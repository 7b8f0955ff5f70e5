import { describe, expect, it } from "vitest";
import { checkSameOrigin, fromOwnPages } from "./same-origin";

const app = "https://switchyard.example.com";
const request = (method: string, headers: Record<string, string>) => new Request(`${app}/api/x`, { method, headers });

describe("same-origin check for cookie-authenticated writes", () => {
  it("trusts the browser's Sec-Fetch-Site over any Origin", () => {
    expect(fromOwnPages(new Headers({ "sec-fetch-site": "same-origin" }), app)).toBe(true);
    expect(fromOwnPages(new Headers({ "sec-fetch-site": "same-site", origin: app }), app)).toBe(false);
    for (const site of ["cross-site", "none", ""]) expect(fromOwnPages(new Headers({ "sec-fetch-site": site }), app)).toBe(false);
  });

  it("falls back to an exact Origin match with the app's public origin", () => {
    expect(fromOwnPages(new Headers({ origin: app }), app)).toBe(true);
    for (const origin of ["https://switchyard.example.com:8443", "http://switchyard.example.com", "null", `${app}.evil.test`, ""])
      expect(fromOwnPages(new Headers({ origin }), app), origin).toBe(false);
  });

  it("refuses a write that proves nothing, and lets reads through", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) expect(() => checkSameOrigin(request(method, {}), app)).toThrow(/Cross-site/);
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(() => checkSameOrigin(request(method, {}), app)).not.toThrow();
    expect(() => checkSameOrigin(request("POST", { origin: app }), app)).not.toThrow();
  });
});
