// A run is announced as finished before its finish record is stored (docs/reliability.md, "Finish
// before it is stored"): a route that reads a run its caller may just have heard finish waits here
// until the record is there.
import { findRunWorkspace } from "@switchyard/db";
import { awaitRunStored as awaitStored } from "@switchyard/queue";
import { db, redis } from "./services";

// stored as finished (or paused)
const isStored = (status: string | null | undefined) => status != null && status !== "RUNNING";

/** `knownStatus`: the status the caller just read (e.g. by `requireRunAccess`), saving a read when it settles it. */
export async function awaitRunStored(runId: string, knownStatus?: string | null): Promise<void> {
  if (isStored(knownStatus)) return;
  return awaitStored(redis(), runId, async () => {
    const row = await findRunWorkspace(db(), runId);
    return isStored(row?.status);
  });
}
