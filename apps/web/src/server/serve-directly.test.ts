import { createServer, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDirectly, type RouteHandler } from "../../serve-directly";
import type { ApiRequest } from "./api-request";

let handler: RouteHandler;
let server: Server;
let origin = "";
/** Whether the last answer's headers were sent on their own, before its body (a socket write of their own). */
let headersAlone = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    headersAlone = false;
    const flushHeaders = res.flushHeaders.bind(res);
    res.flushHeaders = () => void ((headersAlone = true), flushHeaders());
    void serveDirectly((request, context) => handler(request, context), req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("serveDirectly (the published routes without Next.js)", () => {
  it("gives the handler the URL, method, headers and body as Request would, the client's address included", async () => {
    let seen: { url: string; method: string; type: string | null; forwarded: string | null; text: string } | undefined;
    handler = async (request: ApiRequest) => {
      seen = {
        url: request.url,
        method: request.method,
        type: request.headers.get("content-type"),
        forwarded: request.headers.get("x-forwarded-for"),
        text: await request.text(),
      };
      return Response.json({ ok: true });
    };
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"message":"héllo"}')]); // a leading BOM
    await fetch(`${origin}/api/public/chat?bot=abc`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(seen).toEqual({
      url: `${origin}/api/public/chat?bot=abc`,
      method: "POST",
      type: "application/json",
      forwarded: "127.0.0.1",
      text: '{"message":"héllo"}', // decoded as Request.text() does: UTF-8, the BOM dropped
    });
  });

  it("answers a JSON handler whole, with its length, status and the security headers", async () => {
    handler = async () => Response.json({ answer: "x".repeat(10_000) }, { status: 201, headers: { "x-run-id": "r1" } });
    const response = await fetch(`${origin}/api/v1/chat/completions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-length")).toBe(String(JSON.stringify({ answer: "x".repeat(10_000) }).length));
    expect(response.headers.get("x-run-id")).toBe("r1");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.json()).toEqual({ answer: "x".repeat(10_000) });
  });

  it("streams an event stream as its chunks come, the headers first", async () => {
    let push!: (text: string | null) => void;
    handler = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            push = (text) => (text === null ? controller.close() : controller.enqueue(new TextEncoder().encode(text)));
          },
        }),
        { headers: { "content-type": "text/event-stream; charset=utf-8" } },
      );
    const response = await fetch(`${origin}/api/public/chat?bot=abc`, { method: "POST", body: "{}" });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(headersAlone).toBe(true); // nothing to send with them yet
    const reader = response.body!.getReader();
    push("data: one\n\n");
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: one\n\n");
    push(null);
    expect((await reader.read()).done).toBe(true);
  });

  it("sends an event stream's headers in the same write as the first chunk it has ready", async () => {
    handler = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(": ready\n\n"));
            setTimeout(() => controller.close(), 20);
          },
        }),
        { headers: { "content-type": "text/event-stream; charset=utf-8" } },
      );
    const reads = await new Promise<string[]>((resolve, reject) => {
      const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1", () =>
        socket.write("POST /api/public/chat HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"),
      );
      const chunks: string[] = [];
      socket.on("data", (chunk) => chunks.push(String(chunk)));
      socket.on("end", () => resolve(chunks));
      socket.on("error", reject);
    });
    expect(headersAlone).toBe(false);
    expect(reads.join("")).toMatch(/^HTTP\/1\.1 200[^]*\r\n\r\n[0-9a-f]+\r\n: ready\n\n\r\n0\r\n\r\n$/);
  });

  it("refuses a Host header the URL parser cannot read with a 400", async () => {
    handler = async () => Response.json({ ok: true });
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1", () =>
        socket.write("GET /api/v1/models HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n"),
      );
      let text = "";
      socket.on("data", (chunk) => (text += chunk));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
  });
});
