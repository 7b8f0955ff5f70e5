// Calls an HTTP API. URL, headers and body are {{variable}} templates filled from the node's input (or
// an agent's tool arguments); every request goes through the SSRF guard with the workspace's allowed
// hosts (services.network, from @switchyard/net). Connected to an agent it is a tool; with its Input
// connected it sends one request in the flow.
import { defineNode, optionLabels, reference, type EngineServices, type ToolHandle, type ToolInvocationContext } from "@switchyard/engine";
import { AppError } from "@switchyard/errors";
import { z } from "zod";
import { hostPatternSchema } from "./shared/host-pattern";
import { renderTemplate, templateVariables } from "./shared/template";
import { toolConfigFields, toolParametersFor } from "./shared/tool-config";

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "Header names use letters, digits and - _ .");

const httpRequestConfigSchema = z.object({
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("GET").meta({ title: "Method" }),
  url: z.string().trim().min(1, "Enter a URL").max(4_000).meta({ title: "URL" }),
  headers: z.record(headerName, z.string().max(8_000)).default({}).meta({ title: "Headers (JSON)" }),
  body: z.string().max(100_000).default("").meta({ title: "Body" }),
  /** An HTTP credential of the workspace: a header whose value is stored encrypted. */
  httpCredentialId: z
    .string()
    .optional()
    .meta({ title: "HTTP credential", ...reference("httpCredential") }),
  responseType: z
    .enum(["json", "text"])
    .default("json")
    .meta({ title: "Response as", ...optionLabels({ json: "JSON", text: "Text" }) }),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000).meta({ title: "Timeout (ms)" }),
  maxResponseBytes: z
    .number()
    .int()
    .min(1)
    .max(10 * 1024 * 1024)
    .default(1024 * 1024)
    .meta({ title: "Response size limit (bytes)" }),
  /**
   * Narrows the workspace's reach for this node: with hosts listed, any other host (on a redirect
   * too) is refused before connecting, so a tool's arguments (what a model chose, perhaps on a
   * prompt injection's say-so) cannot send data elsewhere. It never widens what the workspace allows.
   */
  allowedHosts: z
    .array(hostPatternSchema)
    .max(50)
    .default([])
    .meta({ title: "Only these hosts (one per line; empty: any the workspace allows)" }),
  ...toolConfigFields("http_request", "Sends an HTTP request and returns the response."),
});

type HttpRequestConfig = z.infer<typeof httpRequestConfigSchema>;

interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const builtIn = new Set(["input", "message"]);

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** Template values: `{{input}}` is the whole value; an object's fields are there by name (`{{a.b}}` nested). */
function templateValues(value: unknown, message: string): Record<string, string> {
  const values: Record<string, string> = { message };
  if (value !== undefined) values.input = asText(value);
  const addFields = (object: unknown, prefix: string) => {
    if (!object || typeof object !== "object" || Array.isArray(object)) return;
    for (const [key, field] of Object.entries(object)) {
      values[prefix + key] = asText(field);
      addFields(field, `${prefix}${key}.`);
    }
  };
  addFields(value, "");
  return values;
}

const mapValues = (values: Record<string, string>, encode: (value: string) => string) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, encode(value)]));

function isJsonBody(config: HttpRequestConfig) {
  const contentType = Object.entries(config.headers).find(([name]) => name.toLowerCase() === "content-type")?.[1];
  return contentType ? /json/i.test(contentType) : /^\s*[[{]/.test(config.body);
}

/** Reads a body up to `maxBytes`; a larger body is refused rather than truncated. */
async function readBodyLimited(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The response is larger than the limit of ${maxBytes} bytes`);
  if (Number(response.headers.get("content-length")) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); reader && chunk && !chunk.done; chunk = await reader.read()) {
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      // an endless body stops being read at the limit
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function sendHttpRequest(
  config: HttpRequestConfig,
  values: Record<string, string>,
  services: EngineServices,
  signal: AbortSignal,
  reportSource?: ToolInvocationContext["reportSource"],
): Promise<HttpResult> {
  // values are escaped for where they land, so input cannot break out of a URL component or a JSON string
  const url = renderTemplate(config.url, mapValues(values, encodeURIComponent));
  const jsonBody = isJsonBody(config);
  const body = renderTemplate(config.body, jsonBody ? mapValues(values, (value) => JSON.stringify(value).slice(1, -1)) : values);
  const headers = Object.fromEntries(Object.entries(config.headers).map(([name, value]) => [name, renderTemplate(value, values)]));
  if (body && jsonBody && !Object.keys(headers).some((name) => name.toLowerCase() === "content-type"))
    headers["content-type"] = "application/json";
  let credential;
  if (config.httpCredentialId) {
    if (!services.secrets) throw new AppError("UNAVAILABLE", "HTTP credentials are not available here");
    // the guard adds its header, only for the hosts it is bound to and never across origins
    credential = await services.secrets.httpHeader(config.httpCredentialId);
  }
  if (!services.network) throw new AppError("UNAVAILABLE", "Network access is not available here");
  const network = services.network;
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new AppError("BAD_REQUEST", `Not a valid URL: ${url.slice(0, 200)}`);
  }
  const redirects: string[] = [];
  reportSource?.({ url: parsedUrl.href, method: config.method });

  const timeout = new AbortController();
  const timer = setTimeout(
    () => timeout.abort(new AppError("UNAVAILABLE", `The request timed out after ${config.timeoutMs} ms`)),
    config.timeoutMs,
  );
  const abort = () => timeout.abort(signal.reason);
  signal.addEventListener("abort", abort, { once: true });
  try {
    const response = await network.fetch(parsedUrl, {
      method: config.method,
      headers,
      credential,
      onlyHosts: config.allowedHosts,
      onRedirect: (next) => {
        redirects.push(next.href);
        reportSource?.({ redirects });
      },
      body: config.method === "GET" || !body ? undefined : body,
      signal: timeout.signal,
    });
    const raw = await readBodyLimited(response, config.maxResponseBytes);
    let parsed: unknown = raw;
    if (config.responseType === "json" && raw) {
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new AppError("BAD_REQUEST", `Expected JSON from ${parsedUrl.host} (HTTP ${response.status}) but got: ${raw.slice(0, 200)}`);
      }
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), body: parsed };
  } catch (error) {
    throw timeout.signal.aborted ? timeout.signal.reason : error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", abort);
  }
}

export const httpRequest = defineNode({
  type: "http-request",
  label: "HTTP request",
  category: "Tools",
  description: "Calls an HTTP API with {{variable}} templates; a tool for agents, or one request when its Input is connected.",
  inputs: [{ name: "input", label: "Input", type: "any" }],
  outputs: [
    { name: "response", label: "Response", type: "json" },
    { name: "tool", label: "Tool", type: "tool" },
  ],
  config: httpRequestConfigSchema,
  async execute({ config, inputs, run, services, signal }) {
    const variables = [config.url, config.body, ...Object.values(config.headers)]
      .flatMap(templateVariables)
      .filter((name) => !builtIn.has(name));
    const tool: ToolHandle = {
      name: config.toolName,
      description: config.toolDescription,
      parameters: toolParametersFor(variables),
      sideEffects: config.method !== "GET",
      invoke: (args, { signal: toolSignal, reportSource }) =>
        sendHttpRequest(config, templateValues(args, run.input.message), services, toolSignal, reportSource),
    };
    if (inputs.input === undefined) return { outputs: { tool } };
    const response = await sendHttpRequest(config, templateValues(inputs.input, run.input.message), services, signal);
    return { outputs: { response, tool } };
  },
});
