// The first minute (issue 19): an empty workspace's checklist, the editor telling a user without a
// provider where to add one, a bot from every starter template (models chosen on creation, the
// knowledge-base one with a new empty store) answering in the test chat against the provider fixture,
// and a flow file exported from the editor imported from the bot list as a new bot (a bad file
// refused with nothing created). Screenshots under test-results/screenshots/templates/.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { startProviderFixture, type ProviderFixture } from "../fixtures/providers/server";
import { asApp, docShot, newAccount, signUp, workspaceIdFrom } from "./support";

const lastLine = (text: string) => text.trim().split("\n").at(-1)!;

/** The fixture's two models, answering each flow's requests the way a real model would in shape. */
const replies = (model: "Small" | "Large") => (text: string) => {
  if (text.startsWith("Rubric:")) return '{"score": 0.9, "reason": "It answers the question."}'; // cascade judge
  if (/^Question:\n[\s\S]*Answer 2:/.test(text)) return "2"; // ensemble judge
  if (text.includes("Extract the contact request"))
    return '{"name": "Ada", "email": "ada@example.com", "topic": "order", "urgent": true, "summary": "Parcel 42 is late."}';
  return `${model} model: ${lastLine(text)}`;
};

let fixture: ProviderFixture;
test.beforeAll(async () => {
  fixture = await startProviderFixture({ replies: { "fixture-small": replies("Small"), "fixture-large": replies("Large") } });
});
test.afterAll(async () => fixture.close());

const shot = (page: Page, name: string) => docShot(page, "templates", `${name}.png`);
const checklist = (page: Page) => page.getByRole("list", { name: "Getting started" });
const reply = (page: Page) => page.getByRole("log").locator('[data-role="assistant"]').last();

async function ask(page: Page, message: string) {
  await page.getByLabel("Message").fill(message);
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

/** Each template, the models its roles get (cheap: the small model, the others: the large one) and what its reply holds. */
const cases = [
  { name: "Support bot over a knowledge base", says: "Where is my parcel?", reply: "Small model: Question: Where is my parcel?" },
  { name: "Cheap-first routing", says: "What is 2 + 2?", reply: "Small model: What is 2 + 2?" },
  { name: "Answer checked by a judge", says: "Name a prime number", reply: "Large model: Name a prime number" },
  { name: "Agent with an HTTP tool", says: "Hello there", reply: "Small model: Hello there" },
  { name: "Structured extraction", says: "Hi, Ada here (ada@example.com): parcel 42 is late!", reply: '"topic": "order"' },
  { name: "Chat with memory", says: "My name is Ada", reply: "Large model: My name is Ada" },
] as const;

test("a newcomer is guided from an empty workspace to bots made from every template and an imported flow", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, newAccount("starter"));
  const workspaceId = workspaceIdFrom(page);

  // an empty workspace: the checklist, nothing ticked; templates wait for a provider
  await expect(page.getByText("No bots yet")).toBeVisible();
  for (const step of ["Add a model provider", "Create a bot", "Publish and embed"])
    await expect(checklist(page).getByRole("listitem", { name: step })).toHaveAttribute("data-done", "false");
  await expect(page.getByText("Get started: 0 of 3 done")).toBeVisible();
  await shot(page, "01-checklist-empty-workspace");
  await page.getByRole("button", { name: "New bot" }).click();
  await expect(page.getByRole("list", { name: "Templates" }).getByRole("listitem")).toHaveCount(6);
  // the gallery comes first: a newcomer sees the templates before (above) the blank bot's name field
  const newBot = page.getByRole("region", { name: "New bot" });
  await expect(newBot.getByRole("heading", { level: 2 })).toHaveText(["Start from a template", "Or start from a blank flow"]);
  await expect(page.getByRole("list", { name: "Templates" }).getByRole("listitem").first()).toBeInViewport();
  const galleryBox = (await page.getByRole("list", { name: "Templates" }).boundingBox())!;
  const nameBox = (await page.getByLabel("Bot name").boundingBox())!;
  expect(galleryBox.y + galleryBox.height).toBeLessThanOrEqual(nameBox.y);
  await expect(page.getByLabel("Bot name")).not.toBeFocused();
  await shot(page, "01b-new-bot-templates-first");
  await expect(page.getByRole("button", { name: "Use template Chat with memory" })).toBeDisabled();
  await expect(page.getByRole("link", { name: "add a model provider" })).toBeVisible();

  // a blank bot, opened: the editor says how to add a provider, and the link leads there
  await page.getByLabel("Bot name").fill("Scratch");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("link", { name: "Scratch" }).click();
  const notice = page.getByRole("note", { name: "No model provider" });
  await expect(notice).toContainText("This workspace has no model provider yet");
  await shot(page, "02-editor-without-provider");
  await notice.getByRole("link", { name: "Add a model provider" }).click();
  await expect(page).toHaveURL(/\/settings#model-providers$/);
  await page.getByLabel("Name", { exact: true }).fill("Local models");
  await page.getByLabel("Base URL").fill(`${fixture.url}/v1`);
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByRole("list", { name: "Provider credentials" })).toContainText("Local models");

  // the checklist has ticked itself off: a provider and a bot exist
  await page.getByRole("link", { name: "Bots", exact: true }).click();
  await expect(page.getByText("Get started: 2 of 3 done")).toBeVisible();
  await expect(checklist(page).getByRole("listitem", { name: "Add a model provider" })).toHaveAttribute("data-done", "true");
  await expect(checklist(page).getByRole("listitem", { name: "Create a bot" })).toHaveAttribute("data-done", "true");
  await expect(checklist(page).getByRole("listitem", { name: "Publish and embed" })).toHaveAttribute("data-done", "false");
  await shot(page, "03-checklist-two-done");

  for (const [index, example] of cases.entries()) {
    await page.getByRole("link", { name: "Bots", exact: true }).click();
    await page.getByRole("button", { name: "New bot" }).click();
    const gallery = page.getByRole("list", { name: "Templates" });
    await expect(gallery.getByRole("listitem")).toHaveCount(6);
    // every card's picture is drawn from its flow: one box per node
    await expect(gallery.getByRole("listitem", { name: example.name }).getByRole("img")).toBeVisible();
    if (index === 0) await shot(page, "04-template-gallery");
    await page.getByRole("button", { name: `Use template ${example.name}` }).click();
    const form = page.getByRole("form", { name: `Create from template ${example.name}` });
    for (const field of await form.getByLabel(/: model$/).all()) {
      const label = (await field.getAttribute("aria-label"))!;
      // the cheap roles get the small model; everything else the large one
      const small = /^(Cheap model|First model|Summary model|Model):/.test(label);
      await field.fill(small ? "fixture-small" : "fixture-large");
    }
    for (const provider of await form.getByLabel(/: provider$/).all()) await expect(provider).toHaveValue(/.+/);
    if (index === 0) {
      await expect(form.getByLabel("New store name")).toHaveValue("Support bot over a knowledge base documents");
      await form.getByLabel("New store name").fill("Parcel help");
      await shot(page, "05-template-setup");
    }
    await form.getByRole("button", { name: "Create bot" }).click();

    await expect(page).toHaveURL(/\/bots\/[^/]+$/);
    await expect(page.getByRole("heading", { name: example.name })).toBeVisible();
    await expect(page.getByText("Valid flow")).toBeVisible();
    await ask(page, example.says);
    await expect(reply(page)).toContainText(example.reply);
    if (example.name === "Chat with memory") {
      // the second turn has an earlier one to summarise: the summary model writes it, the chat model answers
      await ask(page, "What is my name?");
      await expect(reply(page)).toContainText("Large model: What is my name?");
      await expect(page.getByTestId("node-memory")).toHaveAttribute("data-status", "SUCCEEDED");
    }
    await shot(page, `06-${String(index + 1)}-${example.name.toLowerCase().replace(/\W+/g, "-")}-answered`);
  }
  // the knowledge-base template made the store it was given a name for, empty, ready for documents
  await page.getByRole("link", { name: "Knowledge" }).click();
  await expect(page.getByRole("list", { name: "Context stores" })).toContainText("Parcel help");

  // a flow exported from the editor comes back as a new bot from the bot list
  await page.getByRole("link", { name: "Bots", exact: true }).click();
  await page.getByRole("link", { name: "Structured extraction" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  const exported = await readFile((await (await download).path())!);
  await page.getByRole("link", { name: "Bots", exact: true }).click();
  const bots = page.getByRole("list", { name: "Bots" }).getByRole("listitem");
  await expect(bots).toHaveCount(7);
  await page
    .getByLabel("Flow file to import")
    .setInputFiles({ name: "lead.switchyard.json", mimeType: "application/json", buffer: exported });
  await expect(page).toHaveURL(/\/bots\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Structured extraction" })).toBeVisible();
  await expect(page.locator(".react-flow__node")).toHaveCount(4);
  await ask(page, "Hi, Ada here (ada@example.com): parcel 42 is late!");
  await expect(reply(page)).toContainText('"urgent": true');

  // a file that is not a flow is refused with the reason, and no bot is created
  await page.getByRole("link", { name: "Bots", exact: true }).click();
  await expect(bots).toHaveCount(8);
  await page
    .getByLabel("Flow file to import")
    .setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("{ not json") });
  await expect(page.getByRole("alert").filter({ hasText: "Import failed" })).toHaveText(
    "Import failed: The file is not valid JSON. No bot was created.",
  );
  await page.reload();
  await expect(bots).toHaveCount(8);
  const refused = await asApp(page.request).post(`/api/workspaces/${workspaceId}/bots/import`, {
    data: {
      content: JSON.stringify({ format: "switchyard.flow", version: 1, graph: { nodes: [{ id: "x", type: "teleporter" }], edges: [] } }),
    },
  });
  expect(refused.status()).toBe(400);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
    "The file uses node types this installation does not have: teleporter. No bot was created.",
  );

  // published and deployed: the last step ticks, and the checklist has done its job
  const botId = /\/bots\/([^/]+)$/.exec((await page.getByRole("link", { name: "Chat with memory" }).getAttribute("href"))!)![1]!;
  const app = asApp(page.request);
  expect((await app.post(`/api/workspaces/${workspaceId}/bots/${botId}/versions`, { data: {} })).status()).toBe(201);
  const deployed = await app.post(`/api/workspaces/${workspaceId}/deployments`, {
    data: { botId, version: 1, slug: "memory", allowedOrigins: [] },
  });
  expect(deployed.status()).toBe(201);
  await page.reload();
  await expect(page.getByRole("list", { name: "Bots" })).toBeVisible();
  await expect(checklist(page)).toHaveCount(0);
});
