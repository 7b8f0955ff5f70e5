// A user builds a knowledge base and a bot that answers from it: creates a context store, uploads a
// Markdown file and a PDF, watches them get ingested, tries a search, then wires chat input →
// retrieve → prompt → model → output on the canvas and gets an answer that cites its source.
import { expect, test } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { tinyPdf } from "../support/documents";
import { apiAccount, asApp, connect, fromApp, newAccount, paletteAndCanvas, signUp, snap, workspaceIdFrom } from "./support";

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({
    replies: {
      // a model that answers from the first passage of its prompt and cites it
      "fixture-small": (prompt) => {
        const passage = /\[1\] (.+)\n(.+?\.)/.exec(prompt);
        return passage ? `${passage[2]} [1]\n\nSource: [1] ${passage[1]}` : "I could not find that in the documents.";
      },
    },
  });
});
test.afterAll(async () => fixture.close());

test.use({ viewport: { width: 1600, height: 1000 } });

const shippingGuide = `# Shipping

Orders ship from the Rotterdam warehouse within two working days. Tracking links arrive by email.

# Returns

Unused items can be returned within 30 days of delivery; keep the receipt.`;

// wide enough that five nodes dropped side by side all fit the canvas at full size
test.use({ viewport: { width: 1600, height: 1000 } });

test("a user builds a context store and a bot that answers from it with a citation", async ({ page }) => {
  test.setTimeout(150_000);
  await signUp(page, newAccount("librarian"));
  const workspaceId = workspaceIdFrom(page);

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Local fixture");
  await page.getByLabel("Base URL").fill(`${fixture.url}/v1`);
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByRole("list", { name: "Provider credentials" })).toContainText("Local fixture");
  // its OpenAI-format /v1/embeddings embeds chunks and queries, so retrieval adds vectors
  await page.locator("#embedding-credential").selectOption({ label: "Local fixture" });
  await page.locator("#embedding-model").fill("text-embedding-3-small");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Embedding with text-embedding-3-small.")).toBeVisible();
  await snap(page, "39-knowledge-embedding-settings");

  // a store, with two documents uploaded
  await page.getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByText("No context stores yet")).toBeVisible();
  await page.getByRole("button", { name: "New store" }).click();
  await page.getByLabel("Name").fill("Customer help");
  await page.getByLabel("Chunk size (tokens)").fill("200");
  await page.getByLabel("Overlap (tokens)").fill("20");
  await snap(page, "40-knowledge-new-store");
  await page.getByRole("button", { name: "Create store" }).click();
  await expect(page.getByRole("heading", { name: "Customer help" })).toBeVisible();
  await expect(page.getByText("Embedded with text-embedding-3-small.")).toBeVisible();

  await page.getByLabel("Upload documents").setInputFiles([
    { name: "shipping-guide.md", mimeType: "text/markdown", buffer: Buffer.from(shippingGuide) },
    {
      name: "warranty.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from(tinyPdf(["Warranty terms.", "Every kettle carries a two year warranty on parts and labour."])),
    },
  ]);
  const documents = page.getByRole("list", { name: "Documents" });
  await expect(documents.getByRole("listitem")).toHaveCount(2);
  await snap(page, "41-knowledge-ingesting");
  await expect(documents.getByRole("listitem", { name: "shipping-guide.md" })).toContainText("Ready · 2 chunks");
  await expect(documents.getByRole("listitem", { name: "warranty.pdf" })).toContainText("Ready · 1 chunk");

  // a file of another kind is refused with the reason, and nothing else changes
  await page
    .getByLabel("Upload documents")
    .setInputFiles({ name: "setup.exe", mimeType: "application/octet-stream", buffer: Buffer.from("MZ") });
  await expect(page.getByRole("alert").filter({ hasText: "setup.exe" })).toContainText(
    "setup.exe: Files of this type cannot be read; upload .txt, .md",
  );
  await expect(documents.getByRole("listitem")).toHaveCount(2);

  await page.getByLabel("Search query").fill("how long is the kettle warranty?");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("listitem").first()).toContainText("warranty.pdf");
  await expect(results.getByRole("listitem").first()).toContainText("two year warranty");
  await page.getByLabel("Search mode").selectOption("vector");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(results.getByRole("listitem").first()).toContainText("warranty.pdf");
  await snap(page, "42-knowledge-store");

  // the store shows up in the list with what it holds
  await page.getByRole("link", { name: "Knowledge" }).first().click();
  await expect(page.getByRole("list", { name: "Context stores" })).toContainText("2 documents · 3 chunks");
  await snap(page, "43-knowledge-stores");

  // a bot: chat input → retrieve → prompt → model → output
  await page.getByRole("link", { name: "Bots" }).click();
  await page.getByRole("button", { name: "New bot" }).click();
  await page.getByLabel("Bot name").fill("Help desk");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("link", { name: "Help desk" }).click();
  const { palette, canvas, box, left, freeWidth } = await paletteAndCanvas(page);
  const place = [
    ["Chat input", 0.02, 0.4],
    ["Retrieve", 0.2, 0.05],
    ["Prompt", 0.4, 0.45],
    ["Model", 0.6, 0.05],
    ["Chat output", 0.75, 0.45],
  ] as const;
  const nodes = page.locator(".react-flow__node");
  for (const [index, [label, x, y]] of place.entries()) {
    // a drop the canvas misses (the view moving after the previous one) is made again, never twice
    for (let attempt = 0; attempt < 3 && (await nodes.count()) === index; attempt++) {
      await palette
        .getByRole("button", { name: label, exact: true })
        .dragTo(canvas, { targetPosition: { x: left + freeWidth * x, y: box.height * y } });
      await expect(nodes)
        .toHaveCount(index + 1, { timeout: 2_000 })
        .catch(() => undefined);
    }
  }
  await expect(nodes).toHaveCount(5);
  // a palette floating over the canvas would cover handles: fold it to wire the nodes
  const hide = page.getByRole("button", { name: "Hide node palette" });
  if (await hide.isVisible()) await hide.click();
  await connect(page, "chat-input-1", "message", "retrieve-1", "query");
  await connect(page, "retrieve-1", "text", "prompt-template-1", "input");
  await connect(page, "prompt-template-1", "prompt", "model-1", "prompt");
  await connect(page, "model-1", "text", "chat-output-1", "text");
  await expect(page.locator(".react-flow__edge")).toHaveCount(4);

  await page.getByTestId("node-retrieve-1").click();
  await page.getByLabel("Context store").selectOption({ label: "Customer help (3 chunks)" });
  await page.getByLabel("Passages to return").fill("2");
  await page.getByTestId("node-prompt-template-1").click();
  await page
    .getByLabel("Template", { exact: true })
    .fill("Answer from these passages and cite them as [n].\n{{input}}\n\nQuestion: {{message}}");
  await page.getByTestId("node-model-1").click();
  await page.getByLabel("Provider").selectOption({ label: "Local fixture" });
  await page.getByLabel("Model", { exact: true }).fill("fixture-small");
  await expect(page.getByText("Valid flow")).toBeVisible();
  await expect(page.getByLabel("Save status")).toHaveText("All changes saved");

  await page.getByLabel("Message").fill("Where do orders ship from?");
  await page.getByRole("button", { name: "Send" }).click();
  const reply = page.locator('[data-role="assistant"]').last();
  await expect(reply).toContainText("Orders ship from the Rotterdam warehouse within two working days. [1]");
  await expect(reply).toContainText("Source: [1] shipping-guide.md § Shipping (part 1)");
  await expect(page.getByTestId("node-retrieve-1")).toHaveAttribute("data-status", "SUCCEEDED");
  await page.getByTestId("node-retrieve-1").click();
  await expect(page.getByLabel("Last run")).toContainText("shipping-guide.md");
  await expect(page.getByLabel("Context store").locator("option:checked")).toHaveText("Customer help (3 chunks)");
  await snap(page, "44-knowledge-bot-answer");

  // API: bad input gets clear errors, another workspace's store is unknown
  const api = asApp(page.request);
  const stores = `/api/workspaces/${workspaceId}/stores`;
  const { stores: list } = (await (await api.get(stores)).json()) as { stores: { id: string }[] };
  const storeId = list[0]!.id;
  const tooBig = await api.post(`${stores}/${storeId}/documents`, {
    multipart: { file: { name: "huge.txt", mimeType: "text/plain", buffer: Buffer.alloc(21 * 1024 * 1024, 97) } },
  });
  expect(tooBig.status()).toBe(413);
  expect(((await tooBig.json()) as { error: { message: string } }).error.message).toBe("The file is larger than 20 MB");
  const badOverlap = await api.post(stores, { data: { name: "x", chunkSize: 100, chunkOverlap: 80 } });
  expect(badOverlap.status()).toBe(400);
  expect(await badOverlap.text()).toContain("The overlap must be at most half the chunk size");
  const notMultipart = await api.post(`${stores}/${storeId}/documents`, { data: { file: "x" } });
  expect(notMultipart.status()).toBe(415);
  expect((await api.get(`${stores}/unknown-store`)).status()).toBe(404);
  const emptyQuery = await api.post(`${stores}/${storeId}/search`, { data: { query: " " } });
  expect(emptyQuery.status()).toBe(400);
});

test("another workspace's store and documents answer 404, through its own workspace's routes too", async ({ playwright, baseURL }) => {
  const alice = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const mallory = await playwright.request.newContext({ baseURL, extraHTTPHeaders: fromApp });
  const { workspaceId } = await apiAccount(alice, "alice");
  const { workspaceId: malloryWorkspace } = await apiAccount(mallory, "mallory");
  const created = await alice.post(`/api/workspaces/${workspaceId}/stores`, { data: { name: "Private notes" } });
  expect(created.status()).toBe(201);
  const { store } = (await created.json()) as { store: { id: string } };
  const uploaded = await alice.post(`/api/workspaces/${workspaceId}/stores/${store.id}/documents`, {
    multipart: { file: { name: "secret.md", mimeType: "text/markdown", buffer: Buffer.from("# Secret\n\nThe vault code is 1234.") } },
  });
  expect(uploaded.status()).toBe(201);
  const { document } = (await uploaded.json()) as { document: { id: string } };

  for (const base of [`/api/workspaces/${workspaceId}/stores/${store.id}`, `/api/workspaces/${malloryWorkspace}/stores/${store.id}`]) {
    const attempts = [
      mallory.get(base),
      mallory.patch(base, { data: { name: "pwned" } }),
      mallory.post(`${base}/search`, { data: { query: "vault code" } }),
      mallory.post(`${base}/documents`, { multipart: { file: { name: "x.md", mimeType: "text/markdown", buffer: Buffer.from("x") } } }),
      mallory.delete(`${base}/documents/${document.id}`),
      mallory.post(`${base}/documents/${document.id}/reingest`),
      mallory.delete(base),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status(), response.url()).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  }
  const stillThere = await alice.get(`/api/workspaces/${workspaceId}/stores/${store.id}`);
  expect(((await stillThere.json()) as { store: { name: string; documents: unknown[] } }).store).toMatchObject({
    name: "Private notes",
    documents: [expect.objectContaining({ name: "secret.md" })],
  });
  await alice.dispose();
  await mallory.dispose();
});
