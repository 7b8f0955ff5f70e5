// What every widget request shares (chat and feedback): the bot named by `?bot=<public id>`, so a CORS
// preflight, which has no body, can be checked already, and the origins the deployment allows.
import { WIDGET_SESSION_HEADER } from "@switchyard/auth/widget-session";
import { AppError, notFound } from "@switchyard/errors";
import type { ApiRequest } from "./api-request";
import { deploymentByPublicId } from "./published";
import { appOrigin } from "./services";

export async function widgetDeployment(request: ApiRequest) {
  const url = new URL(request.url);
  const publicId = url.searchParams.get("bot");
  if (!publicId) throw new AppError("BAD_REQUEST", `Name the bot: ${url.pathname}?bot=<public id>`);
  const deployment = await deploymentByPublicId(publicId);
  if (!deployment) throw notFound("Bot");
  return deployment;
}

export type WidgetDeployment = Awaited<ReturnType<typeof widgetDeployment>>;

/**
 * Browsers may call only from the deployment's allowed origins, or from Switchyard's own origin while
 * the deployment's share link (its hosted chat page) is on; callers without an Origin are not browsers.
 */
export async function checkWidgetOrigin(request: ApiRequest, headers: Record<string, string>) {
  const deployment = await widgetDeployment(request);
  const origin = request.headers.get("origin");
  if (!origin) return deployment;
  const allowed = deployment.allowedOrigins.includes(origin) || deployment.allowedOrigins.includes("*");
  if (!allowed && origin === appOrigin() && !deployment.shareEnabled)
    throw new AppError("FORBIDDEN", "This bot's share link is turned off");
  if (!allowed && origin !== appOrigin())
    throw new AppError("FORBIDDEN", `This bot does not accept requests from ${origin}; add it to the deployment's allowed origins`);
  Object.assign(headers, { "access-control-allow-origin": origin, "access-control-expose-headers": WIDGET_SESSION_HEADER, vary: "Origin" });
  return deployment;
}

/** The answer to a widget route's CORS preflight. */
export const widgetPreflight = () =>
  new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": `content-type, ${WIDGET_SESSION_HEADER}`,
      "access-control-max-age": "600",
    },
  });
