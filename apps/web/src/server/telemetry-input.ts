// Settings → Observability as users send them. The collector's URL passes the same rule as an HTTP
// request node's (public addresses only, unless the workspace allows the host), judged here on save
// and again by the worker's guard on every export.
import { readAllowedHosts } from "@switchyard/db";
import { AppError } from "@switchyard/errors";
import { outboundUrlProblem } from "@switchyard/net/outbound";
import { z } from "zod";
import { db } from "./services";

const header = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Enter a header name such as Authorization or X-Api-Key"),
  value: z
    .string()
    .trim()
    .min(1, "Enter the header's value")
    .max(4_000)
    .regex(/^[^\r\n]*$/, "A header value is one line"),
});

/** The form's label for the endpoint: a refusal names the field the person has to fill in. */
const ENDPOINT_LABEL = "OTLP/HTTP traces endpoint";

export const telemetryExportSchema = z
  .object({
    enabled: z.boolean(),
    // empty is judged below with `enabled` at hand, so the message can say what the endpoint is missing for
    endpoint: z
      .string()
      .trim()
      .max(2_000)
      .refine(
        (url) => url === "" || z.string().url().safeParse(url).success,
        "Enter the collector's full URL, such as https://collector.example.com/v1/traces",
      )
      .refine((url) => url === "" || /^https?:\/\//i.test(url), "The collector's URL must start with http:// or https://"),
    includeContents: z.boolean().default(false),
    /** Replaces the stored headers; left out, they are kept (their values are never sent back to be re-sent). */
    headers: z
      .array(header)
      .max(20, "At most 20 headers")
      .refine((list) => new Set(list.map(({ name }) => name.toLowerCase())).size === list.length, "Each header may be given once")
      .optional(),
  })
  .superRefine((body, context) => {
    if (!body.endpoint)
      context.addIssue({
        code: "custom",
        path: ["endpoint"],
        message: body.enabled
          ? `Enter the ${ENDPOINT_LABEL} before turning on Export runs`
          : `Enter the ${ENDPOINT_LABEL} (the collector's URL)`,
      });
  });

/** Refuses an endpoint the guard would refuse for this workspace (checked with DNS, which the schema cannot do). */
export async function checkEndpoint(workspaceId: string, endpoint: string): Promise<void> {
  const problem = await outboundUrlProblem(endpoint, { allowedHosts: await readAllowedHosts(db(), workspaceId) });
  if (problem)
    throw new AppError("BAD_REQUEST", `Invalid request: endpoint: ${problem}`, { issues: [{ path: "endpoint", message: problem }] });
}
