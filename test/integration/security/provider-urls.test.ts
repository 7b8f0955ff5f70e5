// A provider's base URL may be on loopback or a private network, never a cloud metadata endpoint:
// "Test connection" and every model call in a real worker refuse one, with a message that says why,
// including credentials stored before the rule (made here straight in the database) and a provider
// that redirects its calls to a metadata address. The save-time check is in the credential schema
// (apps/web/src/server/credential-input.test.ts) and test/e2e/csp.spec.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ConnectionTestError, listProviderModels } from "@switchyard/providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderFixture, type ProviderFixture } from "../../fixtures/providers/server";
import { chatFlow, newBot, newCredential, newUser } from "../support";
import { createRunClient, startWorker, type WorkerProcess } from "../runs/worker-harness";

let fixture: ProviderFixture;
let worker: WorkerProcess;
let client: ReturnType<typeof createRunClient>;
// a provider on loopback that answers every request with a redirect to AWS's IPv6 metadata address
let redirecting: http.Server;
let redirectingUrl = "";
const redirected: string[] = [];

beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": "Hello from loopback." } });
  redirecting = http.createServer((request, response) => {
    redirected.push(`${request.method} ${request.url}`);
    response.writeHead(307, { location: "http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/" }).end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
  redirectingUrl = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
  worker = await startWorker();
  client = createRunClient();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await fixture?.close();
  await new Promise((resolve) => redirecting?.close(resolve));
});

describe("Test connection", () => {
  it("refuses metadata endpoints, by address, by name and through a redirect", async () => {
    for (const [baseUrl, words] of [
      ["http://169.254.169.254/v1", "A provider's base URL may not point at 169.254.169.254: 169.254.169.254 is a link-local address"],
      ["http://metadata.google.internal/v1", "metadata.google.internal is a cloud metadata service"],
      [`${redirectingUrl}/v1`, "may not point at [fd00:ec2::254]"],
    ] as const) {
      const listing = listProviderModels({ kind: "OPENAI_COMPATIBLE", baseUrl });
      await expect(listing, baseUrl).rejects.toBeInstanceOf(ConnectionTestError);
      await expect(listing, baseUrl).rejects.toThrow(words);
    }
  });

  it("still reaches a provider on loopback", async () => {
    expect(await listProviderModels({ kind: "OPENAI_COMPATIBLE", baseUrl: `${fixture.url}/v1` })).toContain("fixture-small");
  });
});

describe("a model call in a worker", () => {
  async function runWith(baseUrl: string) {
    const { workspace } = await newUser("provider-url");
    const credential = await newCredential(workspace.id, "OPENAI_COMPATIBLE", baseUrl, "sk-test");
    const graph = chatFlow({ credentialId: credential.id, model: "fixture-small", maxRetries: 0 });
    const run = await client.run({ workspaceId: workspace.id, botId: (await newBot(workspace.id, graph)).id, graph, message: "Hi" });
    return run.finished;
  }

  it("fails with the reason when a stored credential points at a metadata address", async () => {
    const finished = await runWith("http://169.254.169.254/v1");
    expect(finished.status).toBe("FAILED");
    expect(JSON.stringify(finished.error)).toContain("A provider's base URL may not point at 169.254.169.254");
  });

  it("fails with the reason when the provider redirects the call to a metadata address, which is never contacted", async () => {
    redirected.length = 0;
    const finished = await runWith(`${redirectingUrl}/v1`);
    expect(finished.status).toBe("FAILED");
    expect(JSON.stringify(finished.error)).toContain("may not point at [fd00:ec2::254]");
    expect(redirected).toEqual(["POST /v1/chat/completions"]); // one call, not retried, and no second hop
  });

  it("answers from a provider on loopback", async () => {
    const finished = await runWith(`${fixture.url}/v1`);
    expect(finished).toMatchObject({ status: "SUCCEEDED", output: "Hello from loopback." });
  });
});
