import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockedAddressReason, guardedFetch, guardedRequest } from "./ssrf-guard";

let server: http.Server;
let port = 0;
const requests: { url: string; authorization?: string; apiKey?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const apiKey = request.headers["x-api-key"] as string | undefined;
    requests.push({ url: request.url ?? "", authorization: request.headers.authorization, ...(apiKey && { apiKey }) });
    const url = new URL(request.url ?? "/", "http://x");
    if (url.pathname === "/redirect") {
      response.writeHead(302, { location: url.searchParams.get("to") ?? "/" });
      return response.end();
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ path: url.pathname }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const nobody = { allowedHosts: [] };
const loopbackAllowed = { allowedHosts: ["127.0.0.1"] };

describe("blockedAddressReason", () => {
  it.each([
    ["127.0.0.1", "a loopback"],
    ["::1", "a loopback"],
    ["10.0.0.1", "a private"],
    ["172.16.5.4", "a private"],
    ["192.168.1.1", "a private"],
    ["169.254.169.254", "the cloud metadata"],
    ["169.254.1.1", "a link-local"],
    ["fe80::1", "a link-local"],
    ["fd00:ec2::254", "a private (unique local)"],
    ["224.0.0.1", "a multicast"],
    ["ff02::1", "a multicast"],
    ["0.0.0.0", "an unspecified"],
    ["::", "an unspecified"],
    ["100.64.0.1", "a carrier-grade NAT"],
    ["::ffff:127.0.0.1", "a loopback"],
    ["::ffff:10.0.0.1", "a private"],
    ["255.255.255.255", "a broadcast"],
  ])("refuses %s as %s address", (address, kind) => {
    expect(blockedAddressReason(address)).toBe(`${address} is ${kind} address`);
  });

  it.each([
    ["::7f00:1", "127.0.0.1, which is a loopback"],
    ["::a9fe:a9fe", "169.254.169.254, which is the cloud metadata"],
    ["::a00:1", "10.0.0.1, which is a private"],
    ["::ffff:0:7f00:1", "127.0.0.1, which is a loopback"],
    ["64:ff9b::a9fe:a9fe", "169.254.169.254, which is the cloud metadata"],
    ["64:ff9b::192.168.0.1", "192.168.0.1, which is a private"],
    ["2002:7f00:1::1", "127.0.0.1, which is a loopback"],
    ["2002:a9fe:a9fe:1::", "169.254.169.254, which is the cloud metadata"],
    // Teredo: server 65.54.227.120, client 10.0.0.1 stored inverted (f5ff:fffe)
    ["2001:0:4136:e378:8000:63bf:f5ff:fffe", "10.0.0.1, which is a private"],
    ["2001:0:a00:1:8000:63bf:bff7:f7f7", "10.0.0.1, which is a private"],
  ])("judges %s by the IPv4 address it carries", (address, carried) => {
    expect(blockedAddressReason(address)).toBe(`${address} carries ${carried} address`);
  });

  it.each(["64:ff9b::808:808", "2002:808:808::1", "::ffff:0:808:808"])(
    "lets %s through: the IPv4 address it carries is public",
    (address) => {
      expect(blockedAddressReason(address)).toBeNull();
    },
  );

  it("refuses an IPv4-compatible literal before connecting", async () => {
    await expect(guardedFetch("http://[::7f00:1]:3239/", {}, nobody)).rejects.toThrow(
      "Blocked request to [::7f00:1]: ::7f00:1 carries 127.0.0.1, which is a loopback address",
    );
  });

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])("lets the public address %s through", (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });
});

describe("guardedFetch refuses", () => {
  // None of these sends a packet: literals are refused before connecting, names inside the lookup.
  it.each([
    // (port 3239: fetch itself refuses some ports such as 9, which would hide the guard's answer)
    ["http://127.0.0.1:3239/", "Blocked request to 127.0.0.1: 127.0.0.1 is a loopback address"],
    ["http://[::1]:3239/", "Blocked request to [::1]: ::1 is a loopback address"],
    ["http://10.0.0.1/", "Blocked request to 10.0.0.1: 10.0.0.1 is a private address"],
    ["http://169.254.169.254/latest/meta-data/", "Blocked request to 169.254.169.254: 169.254.169.254 is the cloud metadata address"],
    ["http://[::ffff:127.0.0.1]:3239/", "Blocked request to [::ffff:7f00:1]: ::ffff:7f00:1 is a loopback address"],
    ["http://2130706433:3239/", "Blocked request to 127.0.0.1: 127.0.0.1 is a loopback address"],
    ["http://localhost:3239/", "Blocked request to localhost: it resolves to"],
    ["file:///etc/passwd", "Blocked request to file://…: only http and https URLs are allowed"],
    ["ftp://example.com/file", "Blocked request to ftp://…: only http and https URLs are allowed"],
  ])("%s", async (url, message) => {
    await expect(guardedFetch(url, {}, nobody)).rejects.toThrow(message);
  });

  it("a hostname that resolves to loopback, checked at connect time", async () => {
    const before = requests.length;
    await expect(guardedFetch(`http://localhost:${port}/`, {}, nobody)).rejects.toThrow(
      /Blocked request to localhost: it resolves to (127\.0\.0\.1|::1) is a loopback address/,
    );
    expect(requests.length).toBe(before);
  });

  it("a redirect to a private address", async () => {
    const to = encodeURIComponent("http://10.0.0.1/admin");
    await expect(guardedFetch(`http://127.0.0.1:${port}/redirect?to=${to}`, {}, loopbackAllowed)).rejects.toThrow(
      "Blocked request to 10.0.0.1: 10.0.0.1 is a private address",
    );
  });

  it("a redirect to a name that resolves to loopback when only the address is allowed", async () => {
    const to = encodeURIComponent(`http://localhost:${port}/secret`);
    await expect(guardedFetch(`http://127.0.0.1:${port}/redirect?to=${to}`, {}, loopbackAllowed)).rejects.toThrow(
      "Blocked request to localhost",
    );
    expect(requests.some((request) => request.url === "/secret")).toBe(false);
  });

  it("a redirect to a non-http scheme", async () => {
    const to = encodeURIComponent("file:///etc/passwd");
    await expect(guardedFetch(`http://127.0.0.1:${port}/redirect?to=${to}`, {}, loopbackAllowed)).rejects.toThrow(
      "only http and https URLs are allowed",
    );
  });
});

describe("guardedRequest (the OTLP exporter's transport)", () => {
  const post = (url: string, policy: { allowedHosts: string[] }) =>
    guardedRequest(url, { method: "POST", headers: { authorization: "Bearer otlp" }, body: new Uint8Array([1, 2, 3]) }, policy);

  it.each([
    ["http://127.0.0.1:3239/v1/traces", "Blocked request to 127.0.0.1: 127.0.0.1 is a loopback address"],
    ["http://169.254.169.254/v1/traces", "Blocked request to 169.254.169.254: 169.254.169.254 is the cloud metadata address"],
    ["ftp://example.com/v1/traces", "Blocked request to ftp://…: only http and https URLs are allowed"],
  ])("refuses %s before connecting", async (url, message) => {
    await expect(post(url, nobody)).rejects.toThrow(message);
  });

  it("refuses a hostname that resolves to loopback at connect time, sending nothing", async () => {
    const before = requests.length;
    await expect(post(`http://localhost:${port}/v1/traces`, nobody)).rejects.toThrow(/Blocked request to localhost: it resolves to/);
    expect(requests.length).toBe(before);
  });

  it("reaches an allowed host, and returns a redirect as it is without following it", async () => {
    const ok = await post(`http://127.0.0.1:${port}/v1/traces`, loopbackAllowed);
    expect(ok.statusCode).toBe(200);
    expect(await ok.body.json()).toEqual({ path: "/v1/traces" });
    const before = requests.length;
    const redirect = await post(`http://127.0.0.1:${port}/redirect?to=${encodeURIComponent("/elsewhere")}`, loopbackAllowed);
    await redirect.body.dump();
    expect(redirect.statusCode).toBe(302);
    expect(requests.slice(before).map((request) => [request.url, request.authorization])).toEqual([
      [`/redirect?to=${encodeURIComponent("/elsewhere")}`, "Bearer otlp"],
    ]);
  });
});

describe("guardedFetch with an allowed host", () => {
  it("reaches a loopback server the workspace allowed by address", async () => {
    const response = await guardedFetch(`http://127.0.0.1:${port}/hello`, {}, loopbackAllowed);
    expect(await response.json()).toEqual({ path: "/hello" });
  });

  it("reaches a loopback server the workspace allowed by name", async () => {
    const response = await guardedFetch(`http://localhost:${port}/by-name`, {}, { allowedHosts: ["LOCALHOST"] });
    expect(await response.json()).toEqual({ path: "/by-name" });
  });

  it("follows redirects and drops credentials when the origin changes", async () => {
    const to = encodeURIComponent(`http://localhost:${port}/landed`);
    const response = await guardedFetch(
      `http://127.0.0.1:${port}/redirect?to=${to}`,
      { headers: { Authorization: "Bearer secret" } },
      { allowedHosts: ["127.0.0.1", "localhost"] },
    );
    expect(await response.json()).toEqual({ path: "/landed" });
    expect(requests.at(-2)).toEqual({ url: `/redirect?to=${to}`, authorization: "Bearer secret" });
    expect(requests.at(-1)).toEqual({ url: "/landed", authorization: undefined });
  });
});

describe("guardedFetch with an HTTP credential", () => {
  const both = { allowedHosts: ["127.0.0.1", "localhost"] };
  const credential = (allowedHosts: string[]) => ({ name: "X-Api-Key", value: "secret-key", allowedHosts });

  it("sends the credential's header to its own origin but not on to another origin after a redirect", async () => {
    const to = encodeURIComponent(`http://localhost:${port}/elsewhere`);
    const response = await guardedFetch(
      `http://127.0.0.1:${port}/redirect?to=${to}`,
      { headers: { Authorization: "Bearer other", Cookie: "a=b" }, credential: credential([]) },
      both,
    );
    expect(await response.json()).toEqual({ path: "/elsewhere" });
    expect(requests.at(-2)).toEqual({ url: `/redirect?to=${to}`, authorization: "Bearer other", apiKey: "secret-key" });
    expect(requests.at(-1)).toEqual({ url: "/elsewhere", authorization: undefined });
  });

  it("keeps the credential on a redirect within the same origin", async () => {
    const response = await guardedFetch(`http://127.0.0.1:${port}/redirect?to=%2Fsame`, { credential: credential([]) }, both);
    expect(await response.json()).toEqual({ path: "/same" });
    expect(requests.at(-1)).toEqual({ url: "/same", apiKey: "secret-key" });
  });

  it("strips a custom credential header on a cross-origin redirect even if it was set by hand", async () => {
    const to = encodeURIComponent(`http://localhost:${port}/elsewhere-2`);
    await guardedFetch(`http://127.0.0.1:${port}/redirect?to=${to}`, { credential: { ...credential([]), name: "x-API-key" } }, both);
    expect(requests.at(-1)).toEqual({ url: "/elsewhere-2", authorization: undefined });
  });

  it("sends a bound credential to the hosts it is bound to, by name, name and port, or subdomain pattern", async () => {
    for (const hosts of [["127.0.0.1"], [`127.0.0.1:${port}`], ["api.example.com", "127.0.0.1"]]) {
      const response = await guardedFetch(`http://127.0.0.1:${port}/bound`, { credential: credential(hosts) }, both);
      expect(response.status).toBe(200);
      expect(requests.at(-1)).toEqual({ url: "/bound", apiKey: "secret-key" });
    }
  });

  it("refuses, without sending anything, a request to a host the credential is not bound to", async () => {
    const before = requests.length;
    for (const hosts of [["api.example.com"], ["127.0.0.1:1"], ["*.0.0.1"]])
      await expect(guardedFetch(`http://localhost:${port}/steal`, { credential: credential(hosts) }, both)).rejects.toThrow(
        `The HTTP credential for the X-Api-Key header may only be sent to ${hosts.join(", ")}, not to localhost:${port}`,
      );
    expect(requests.length).toBe(before);
  });
});

describe("guardedFetch with a node's own host list", () => {
  const both = { allowedHosts: ["127.0.0.1", "localhost"] };

  it("reaches the hosts the node lists", async () => {
    for (const onlyHosts of [["127.0.0.1"], [`127.0.0.1:${port}`], ["docs.example.com", "127.0.0.1"]]) {
      const response = await guardedFetch(`http://127.0.0.1:${port}/listed`, { onlyHosts }, both);
      expect(await response.json()).toEqual({ path: "/listed" });
    }
  });

  it("refuses any other host before connecting, directly or on a redirect hop", async () => {
    const before = requests.length;
    await expect(guardedFetch(`http://localhost:${port}/exfil?d=secret`, { onlyHosts: ["127.0.0.1"] }, both)).rejects.toThrow(
      `Blocked request to localhost:${port}: this node may only reach 127.0.0.1`,
    );
    expect(requests.length).toBe(before);
    const to = encodeURIComponent(`http://localhost:${port}/exfil-after-redirect`);
    await expect(guardedFetch(`http://127.0.0.1:${port}/redirect?to=${to}`, { onlyHosts: ["127.0.0.1"] }, both)).rejects.toThrow(
      "this node may only reach 127.0.0.1",
    );
    expect(requests.map((request) => request.url)).not.toContain("/exfil-after-redirect");
  });

  it("never widens the workspace's reach: a listed loopback host the workspace does not allow is still refused", async () => {
    await expect(guardedFetch(`http://127.0.0.1:${port}/x`, { onlyHosts: ["127.0.0.1"] }, nobody)).rejects.toThrow(
      "127.0.0.1 is a loopback address",
    );
  });
});
