// Thumbs up or down on a run's answer, from the widget's visitor, an API caller or a member. One rating
// per run and rater: voting again replaces the earlier vote. Always scoped by workspace.
import { notFound } from "@switchyard/errors";
import type { Db } from "../client";
import { appendRunRows } from "../evals/datasets";
import { getDeployment } from "../workspace/deployments";
import type { FeedbackSource } from "../generated/prisma/enums";
import { testCaseFromRun } from "./run-test-case";

export interface RunFeedbackInput {
  runId: string;
  score: 1 | -1;
  comment: string | null;
  source: FeedbackSource;
  /** The widget session id, the API key id or the member's user id, as `source` says. */
  raterId: string;
}

/**
 * Which runs the rater may rate, beyond being in the workspace: a widget visitor only the runs of their
 * own conversation on that deployment.
 */
export interface RunFeedbackScope {
  deploymentId?: string;
  sessionId?: string;
}

const feedbackFields = { score: true, comment: true, source: true, createdAt: true, updatedAt: true } as const;

/** Records (or replaces) the rater's feedback on a run of this workspace; any other run is a 404. */
export async function recordRunFeedback(db: Db, workspaceId: string, input: RunFeedbackInput, scope: RunFeedbackScope = {}) {
  const run = await db.run.findFirst({ where: { id: input.runId, workspaceId, ...scope }, select: { id: true } });
  if (!run) throw notFound("Run");
  const rating = { score: input.score, comment: input.comment };
  return db.runFeedback.upsert({
    where: { runId_source_raterId: { runId: run.id, source: input.source, raterId: input.raterId } },
    create: { workspaceId, runId: run.id, source: input.source, raterId: input.raterId, ...rating },
    update: rating,
    select: { id: true, runId: true, ...feedbackFields },
  });
}

/** The feedback on one run, newest first. */
export function runFeedback(db: Db, workspaceId: string, runId: string) {
  return db.runFeedback.findMany({ where: { workspaceId, runId }, orderBy: { updatedAt: "desc" }, select: feedbackFields });
}

export interface FeedbackCounts {
  up: number;
  down: number;
}

/** Thumbs up and down on a deployment's runs rated since `since`. */
export async function deploymentFeedbackCounts(db: Db, workspaceId: string, deploymentId: string, since: Date): Promise<FeedbackCounts> {
  const rows = await db.runFeedback.groupBy({
    by: ["score"],
    where: { workspaceId, updatedAt: { gte: since }, run: { deploymentId } },
    _count: { _all: true },
  });
  const count = (score: number) => rows.find((row) => row.score === score)?._count._all ?? 0;
  return { up: count(1), down: count(-1) };
}

export interface RatedRunFilter {
  score: 1 | -1;
  deploymentId?: string;
  /** Ratings given (or last changed) from this time on, and before `until`. */
  since?: Date;
  until?: Date;
  take?: number;
}

/** Runs with a rating of `score`, newest rating first, with what a test case needs from them. */
export async function listRatedRuns(db: Db, workspaceId: string, filter: RatedRunFilter) {
  const ratings = await db.runFeedback.findMany({
    where: {
      workspaceId,
      score: filter.score,
      updatedAt: { gte: filter.since, lt: filter.until },
      ...(filter.deploymentId && { run: { deploymentId: filter.deploymentId } }),
    },
    orderBy: { updatedAt: "desc" },
    take: Math.min(filter.take ?? 500, 2_000),
    select: {
      comment: true,
      updatedAt: true,
      run: { select: { id: true, deploymentId: true, input: true, output: true, createdAt: true } },
    },
  });
  // a run rated by several raters is one test case; its comments travel together
  const runs = new Map<string, { run: (typeof ratings)[number]["run"]; comments: string[]; ratedAt: Date }>();
  for (const rating of ratings) {
    const entry = runs.get(rating.run.id) ?? { run: rating.run, comments: [], ratedAt: rating.updatedAt };
    if (rating.comment) entry.comments.push(rating.comment);
    runs.set(rating.run.id, entry);
  }
  return [...runs.values()];
}

/**
 * "Add the thumbs-down answers to a dataset": the runs rated `score` as test cases of the dataset's
 * next version (the answer given and the raters' comments in metadata, the expected answer left for a
 * person). Runs the dataset already holds are left out, so adding again adds only new ratings.
 */
export async function addRatedRunsToDataset(db: Db, workspaceId: string, datasetId: string, filter: RatedRunFilter) {
  if (filter.deploymentId) await getDeployment(db, workspaceId, filter.deploymentId);
  const rated = await listRatedRuns(db, workspaceId, filter);
  const rows = rated.map(({ run, comments }) =>
    testCaseFromRun(run, {
      score: filter.score,
      ...(run.deploymentId && { deploymentId: run.deploymentId }),
      ...(comments.length && { comments }),
    }),
  );
  return { found: rated.length, ...(await appendRunRows(db, workspaceId, datasetId, rows)) };
}
