// A run is announced as finished before its finish record is stored (docs/reliability.md, "Finish
// before it is stored"): a route that reads a run its caller may just have heard finish waits here
// until the record is there.
import { findRunWorkspace } from "@switchyard/db";
import { awaitRunStored as awaitStored } from "@switchyard/queue";
import { db, redis } from "./services";

export function awaitRunStored(runId: string): Promise<void> {
  return awaitStored(redis(), runId, async () => {
    const row = await findRunWorkspace(db(), runId);
    return row !== null && row.status !== "RUNNING"; // stored as finished (or paused)
  });
}
