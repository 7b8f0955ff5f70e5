import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metadataAddressReason, providerFetch, providerUrlProblem, providerUrlProblemResolved } from "./provider-url";

// a loopback "provider": answers /v1/models, and redirects /to?url=… wherever it is told
let server: http.Server;
let origin = "";
const paths: string[] = [];
beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    paths.push(url.pathname);
    if (url.pathname === "/to") return void response.writeHead(307, { location: url.searchParams.get("url")! }).end();
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "m" }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("metadataAddressReason", () => {
  it.each([
    ["169.254.169.254", "link-local"], // AWS, Azure, GCP, Oracle
    ["169.254.170.2", "link-local"], // AWS ECS task credentials
    ["100.100.100.200", "Alibaba"],
    ["fd00:ec2::254", "fd00:ec2::/32"],
    ["fd00:ec2::23", "fd00:ec2::/32"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::a9fe:a9fe", "carries 169.254.169.254"],
    ["64:ff9b::6464:64c8", "carries 100.100.100.200"],
    ["fe80::1", "link-local"],
  ])("refuses %s", (address, words) => expect(metadataAddressReason(address)).toContain(words));

  it.each(["127.0.0.1", "::1", "10.0.0.5", "192.168.1.20", "172.16.0.3", "100.64.0.1", "fd12:3456::1", "8.8.8.8", "2606:4700::1111"])(
    "lets a provider be at %s (loopback, private and public addresses)",
    (address) => expect(metadataAddressReason(address)).toBeNull(),
  );
});

describe("providerUrlProblem (on save, without DNS)", () => {
  it.each([
    ["http://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address"],
    ["http://[fd00:ec2::254]/v1", "AWS's IPv6 metadata range"],
    ["http://100.100.100.200/v1", "Alibaba"],
    ["http://metadata.google.internal/computeMetadata/v1", "metadata.google.internal is a cloud metadata service"],
    ["http://METADATA.Google.Internal./v1", "metadata.google.internal is a cloud metadata service"],
    ["http://[::ffff:a9fe:a9fe]/v1", "link-local"],
    ["file:///etc/passwd", "must start with http:// or https://, not file://"],
    ["ftp://models.example.com/v1", "not ftp://"],
    ["not a url", "full URL"],
  ])("refuses %s", (url, words) => expect(providerUrlProblem(url)).toContain(words));

  it.each([
    "http://localhost:11434",
    "http://127.0.0.1:8000/v1",
    "http://10.1.2.3:8000/v1",
    "https://api.openai.com/v1",
    "http://[::1]:11434",
  ])("accepts %s", (url) => expect(providerUrlProblem(url)).toBeNull());

  it("resolves names: localhost (loopback) is fine; a literal metadata address is refused before any lookup", async () => {
    expect(await providerUrlProblemResolved("http://localhost:11434")).toBeNull();
    expect(await providerUrlProblemResolved("http://169.254.169.254/")).toContain("link-local");
    // a name that does not resolve here is left to the call-time check
    expect(await providerUrlProblemResolved("http://no-such-host.invalid/v1")).toBeNull();
  });
});

describe("providerFetch (every model call)", () => {
  it("reaches a provider on loopback, by address and by name (the tool nodes' guard would refuse both)", async () => {
    expect((await providerFetch(`${origin}/v1/models`)).status).toBe(200);
    const byName = origin.replace("127.0.0.1", "localhost");
    expect((await providerFetch(`${byName}/v1/models`, { headers: { authorization: "Bearer k" } })).status).toBe(200);
  });

  it("refuses a metadata address, before connecting and on a redirect hop", async () => {
    await expect(providerFetch("http://169.254.169.254/latest/meta-data/")).rejects.toThrow(
      "A provider's base URL may not point at 169.254.169.254: 169.254.169.254 is a link-local address, where cloud metadata services answer",
    );
    paths.length = 0;
    const hop = providerFetch(`${origin}/to?url=${encodeURIComponent("http://[fd00:ec2::254]/latest/api/token")}`, {
      method: "POST",
      body: "{}",
    });
    await expect(hop).rejects.toThrow("may not point at [fd00:ec2::254]: fd00:ec2::254 is AWS's IPv6 metadata range");
    expect(paths).toEqual(["/to"]); // the first hop was made; the metadata address never was
    await expect(providerFetch("file:///etc/passwd")).rejects.toThrow("not file://");
  });
});
