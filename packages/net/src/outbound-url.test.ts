import { describe, expect, it } from "vitest";
import { outboundUrlProblem } from "./outbound-url";

const none = { allowedHosts: [] };

describe("outboundUrlProblem (a collector's URL, judged on save)", () => {
  it.each([
    ["http://169.254.169.254/v1/traces", "169.254.169.254 is the cloud metadata address"],
    ["http://[::ffff:169.254.169.254]/v1/traces", "is the cloud metadata address"],
    ["http://127.0.0.1:4318/v1/traces", "127.0.0.1 is a loopback address"],
    ["http://10.0.0.5:4318/v1/traces", "10.0.0.5 is a private address"],
    ["http://localhost:4318/v1/traces", "it resolves to"],
    ["file:///etc/passwd", "only http and https URLs are allowed"],
    ["collector:4318", "only http and https URLs are allowed"],
    ["not a url", "Enter a full URL"],
  ])("refuses %s", async (url, reason) => {
    expect(await outboundUrlProblem(url, none)).toContain(reason);
  });

  it("says how to allow a private host", async () => {
    expect(await outboundUrlProblem("http://127.0.0.1:4318/v1/traces", none)).toContain("Settings → Network");
  });

  it("accepts a host the workspace allowed, by address or by name, and a public address", async () => {
    expect(await outboundUrlProblem("http://127.0.0.1:4318/v1/traces", { allowedHosts: ["127.0.0.1"] })).toBeNull();
    expect(await outboundUrlProblem("http://localhost:4318/v1/traces", { allowedHosts: ["localhost"] })).toBeNull();
    expect(await outboundUrlProblem("https://93.184.215.14/v1/traces", none)).toBeNull();
  });

  it("never lets the allowlist open the metadata address to another name", async () => {
    expect(await outboundUrlProblem("http://169.254.169.254/v1/traces", { allowedHosts: ["localhost"] })).toContain("metadata");
  });
});
