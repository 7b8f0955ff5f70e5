// Browser-side calls to our own API: JSON in, JSON out, errors as readable messages.
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** `keepalive`: the request outlives the page (a save sent while it unloads). */
export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown; keepalive?: boolean } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    keepalive: init.keepalive,
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const data = (await response.json().catch(() => ({}))) as { error?: { message?: string; code?: string; issues?: { message: string }[] } };
  if (!response.ok) {
    // people read the field messages; the summary with paths is for API users
    const message = data.error?.issues?.length ? data.error.issues.map((issue) => issue.message).join(". ") : data.error?.message;
    throw new ApiError(message ?? `Request failed (${response.status})`, response.status, data.error?.code);
  }
  return data as T;
}
