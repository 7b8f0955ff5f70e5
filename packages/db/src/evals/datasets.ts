// Datasets and their versions. Rows never change in place: every edit writes a new version, so eval
// results stay comparable with the exact rows they ran on.
import { notFound } from "@switchyard/errors";
import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";
import { isUniqueViolation } from "../unique-violation";

export interface DatasetRowInput {
  input: string;
  /** A conversation's earlier turns. */
  history?: { role: "user" | "assistant"; content: string }[];
  expected: string | null;
  /** The context-store documents (names or ids) the answer should come from. */
  expectedSources?: string[] | null;
  metadata: Record<string, unknown> | null;
}

const rowData = (rows: DatasetRowInput[], datasetVersionId: string) =>
  rows.map((row, position) => ({
    datasetVersionId,
    position,
    input: row.input,
    history: row.history?.length ? (row.history as Prisma.InputJsonValue) : undefined,
    expected: row.expected ?? undefined,
    expectedSources: row.expectedSources?.length ? row.expectedSources : undefined,
    metadata: (row.metadata ?? undefined) as Prisma.InputJsonValue | undefined,
  }));

export async function listDatasets(db: Db, workspaceId: string) {
  const datasets = await db.dataset.findMany({
    where: { workspaceId },
    orderBy: { updatedAt: "desc" },
    take: 500,
    select: {
      id: true,
      name: true,
      description: true,
      updatedAt: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, _count: { select: { items: true } } } },
    },
  });
  return datasets.map(({ versions, ...dataset }) => ({
    ...dataset,
    latestVersion: versions[0] ? { id: versions[0].id, number: versions[0].number, items: versions[0]._count.items } : null,
  }));
}

export async function createDataset(db: Db, workspaceId: string, input: { name: string; description?: string; rows: DatasetRowInput[] }) {
  return db.$transaction(async (tx) => {
    const dataset = await tx.dataset.create({ data: { workspaceId, name: input.name, description: input.description ?? "" } });
    const version = await tx.datasetVersion.create({ data: { datasetId: dataset.id, number: 1 } });
    await tx.datasetItem.createMany({ data: rowData(input.rows, version.id) });
    return { id: dataset.id, name: dataset.name, version: { id: version.id, number: 1 } };
  });
}

export async function getDataset(db: Db, workspaceId: string, datasetId: string) {
  const dataset = await db.dataset.findFirst({
    where: { id: datasetId, workspaceId },
    include: {
      versions: { orderBy: { number: "desc" }, select: { id: true, number: true, createdAt: true, _count: { select: { items: true } } } },
    },
  });
  if (!dataset) throw notFound("Dataset");
  return dataset;
}

/** A version's rows; the latest version when no number is given. */
export async function getDatasetVersion(db: Db, workspaceId: string, datasetId: string, number?: number) {
  const version = await db.datasetVersion.findFirst({
    where: { datasetId, dataset: { workspaceId }, ...(number ? { number } : {}) },
    orderBy: { number: "desc" },
    include: {
      items: {
        orderBy: { position: "asc" },
        select: { id: true, position: true, input: true, history: true, expected: true, expectedSources: true, metadata: true },
      },
    },
  });
  if (!version) throw notFound("Dataset version");
  return version;
}

/** Writes the rows as the dataset's next version. */
export async function addDatasetVersion(db: Db, workspaceId: string, datasetId: string, rows: DatasetRowInput[]) {
  await getDataset(db, workspaceId, datasetId);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const latest = await tx.datasetVersion.findFirst({ where: { datasetId }, orderBy: { number: "desc" }, select: { number: true } });
        const version = await tx.datasetVersion.create({ data: { datasetId, number: (latest?.number ?? 0) + 1 } });
        await tx.datasetItem.createMany({ data: rowData(rows, version.id) });
        await tx.dataset.update({ where: { id: datasetId }, data: { updatedAt: new Date() } });
        return { id: version.id, number: version.number, items: rows.length };
      });
    } catch (error) {
      // two edits at once: the loser takes the next number
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

/** "Add to dataset" from a run: the latest rows plus one, as a new version. */
export async function appendDatasetRow(db: Db, workspaceId: string, datasetId: string, row: DatasetRowInput) {
  await getDataset(db, workspaceId, datasetId);
  const latest = await getDatasetVersion(db, workspaceId, datasetId);
  const rows = latest.items.map((item) => ({
    input: item.input as string,
    // earlier rows keep their conversations
    history: (item.history as DatasetRowInput["history"] | null) ?? undefined,
    expected: (item.expected as string | null) ?? null,
    expectedSources: (item.expectedSources as string[] | null) ?? null,
    metadata: (item.metadata as Record<string, unknown> | null) ?? null,
  }));
  return addDatasetVersion(db, workspaceId, datasetId, [...rows, row]);
}

export async function deleteDataset(db: Db, workspaceId: string, datasetId: string) {
  const { count } = await db.dataset.deleteMany({ where: { id: datasetId, workspaceId } });
  if (!count) throw notFound("Dataset");
}

/** `requireToPublish`: publishing first runs this dataset on the draft (see @switchyard/runner publish-gate). */
export async function setDefaultDataset(db: Db, workspaceId: string, botId: string, datasetId: string | null, requireToPublish?: boolean) {
  if (datasetId) await getDataset(db, workspaceId, datasetId);
  const { count } = await db.bot.updateMany({
    where: { id: botId, workspaceId },
    data: {
      defaultDatasetId: datasetId,
      ...(requireToPublish !== undefined && { requireEvalsToPublish: datasetId ? requireToPublish : false }),
    },
  });
  if (!count) throw notFound("Bot");
}

/** A row made from a production run; `metadata.fromRun` names it. */
export type RunRowInput = DatasetRowInput & { metadata: { fromRun: string } & Record<string, unknown> };

/**
 * Appends rows made from runs as the dataset's next version, leaving out runs the latest version
 * already holds, so adding the same runs again adds nothing (and writes no version). The dataset's row
 * stays locked meanwhile: two adds at once cannot both add a run.
 */
export async function appendRunRows(db: Db, workspaceId: string, datasetId: string, rows: RunRowInput[]) {
  return db.$transaction(async (tx) => {
    const { count } = await tx.dataset.updateMany({ where: { id: datasetId, workspaceId }, data: { updatedAt: new Date() } });
    if (!count) throw notFound("Dataset");
    const latest = await tx.datasetVersion.findFirst({
      where: { datasetId },
      orderBy: { number: "desc" },
      select: {
        id: true,
        number: true,
        items: {
          orderBy: { position: "asc" },
          select: { input: true, history: true, expected: true, expectedSources: true, metadata: true },
        },
      },
    });
    const kept = (latest?.items ?? []).map((item) => ({
      input: item.input as string,
      history: (item.history as DatasetRowInput["history"] | null) ?? undefined,
      expected: (item.expected as string | null) ?? null,
      expectedSources: (item.expectedSources as string[] | null) ?? null,
      metadata: (item.metadata as Record<string, unknown> | null) ?? null,
    }));
    const present = new Set(kept.map((row) => row.metadata?.fromRun).filter((runId) => typeof runId === "string"));
    const fresh = rows.filter((row) => !present.has(row.metadata.fromRun) && present.add(row.metadata.fromRun));
    if (!fresh.length)
      return { added: 0, skipped: rows.length, version: latest ? { id: latest.id, number: latest.number, items: kept.length } : null };
    const version = await tx.datasetVersion.create({ data: { datasetId, number: (latest?.number ?? 0) + 1 } });
    await tx.datasetItem.createMany({ data: rowData([...kept, ...fresh], version.id) });
    return {
      added: fresh.length,
      skipped: rows.length - fresh.length,
      version: { id: version.id, number: version.number, items: kept.length + fresh.length },
    };
  });
}

/**
 * A dataset the product ships (the prompt-injection suite): found by name in the workspace, created
 * when missing, and given a new version when its latest rows differ from the shipped ones (an edited
 * copy or an older release), so a run always measures the current cases.
 */
export async function ensureBuiltInDataset(
  db: Db,
  workspaceId: string,
  input: { name: string; description: string; rows: { input: string; expected: string }[] },
): Promise<{ datasetId: string }> {
  const existing = await db.dataset.findFirst({
    where: { workspaceId, name: input.name },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  const rows = input.rows.map((row) => ({ ...row, metadata: null }));
  if (!existing) return { datasetId: (await createDataset(db, workspaceId, { ...input, rows })).id };
  const latest = await getDatasetVersion(db, workspaceId, existing.id).catch(() => null);
  const same =
    latest?.items.length === rows.length &&
    latest.items.every((item, index) => item.input === rows[index]!.input && item.expected === rows[index]!.expected);
  if (!same) await addDatasetVersion(db, workspaceId, existing.id, rows);
  return { datasetId: existing.id };
}
