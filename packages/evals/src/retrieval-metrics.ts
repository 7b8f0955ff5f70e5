// Knowledge-base retrieval as an eval sees it: the passages each Retrieve step of a run returned (read
// from the run's trace), and the pure metrics over them: hit rate and reciprocal rank of the item's
// expected source documents.
import { z } from "zod";

/** One passage a Retrieve step returned, in the step's rank order. */
export interface RetrievedPassage {
  documentId: string;
  documentName: string;
  content: string;
}

/** What one Retrieve step of a run returned. */
export interface Retrieval {
  nodeId: string;
  passages: RetrievedPassage[];
}

// the trace is stored JSON: read only what the metrics need, and ignore anything else a step holds
const tracedPassageSchema = z.object({ documentId: z.string(), documentName: z.string(), content: z.string() });
const retrieveOutputSchema = z.object({ documents: z.array(z.unknown()) });

/** The Retrieve steps of a run's trace (in the order they ran) with the passages each returned. */
export function retrievalsOf(
  steps: { nodeId: string; nodeType: string; status: string; output: Record<string, unknown> | null }[],
): Retrieval[] {
  return steps.flatMap((step) => {
    if (step.nodeType !== "retrieve" || step.status !== "SUCCEEDED") return [];
    const output = retrieveOutputSchema.safeParse(step.output);
    if (!output.success) return [];
    const passages = output.data.documents.flatMap((document) => {
      const passage = tracedPassageSchema.safeParse(document);
      return passage.success ? [passage.data] : [];
    });
    return [{ nodeId: step.nodeId, passages }];
  });
}

/**
 * The documents a run retrieved, best first, when it has several Retrieve steps: fused by rank, not by
 * score. A document's rank is its best position in any step (ties go to the step that ran first).
 * Scores are not comparable between steps (full text, vectors and hybrid fusion score on different
 * scales, and two steps may search different stores), which is also why hybrid search fuses by rank.
 */
export function rankedDocuments(retrievals: Retrieval[]): { documentId: string; documentName: string }[] {
  const best = new Map<string, { documentId: string; documentName: string; rank: number; step: number }>();
  retrievals.forEach((retrieval, step) =>
    retrieval.passages.forEach((passage, rank) => {
      const seen = best.get(passage.documentId);
      if (!seen || rank < seen.rank || (rank === seen.rank && step < seen.step))
        best.set(passage.documentId, { documentId: passage.documentId, documentName: passage.documentName, rank, step });
    }),
  );
  return [...best.values()]
    .sort((a, b) => a.rank - b.rank || a.step - b.step)
    .map(({ documentId, documentName }) => ({ documentId, documentName }));
}

/** An expected source names a document by its name (as uploaded, any case) or by its id. */
export const isSource = (document: { documentId: string; documentName: string }, source: string) =>
  document.documentId === source.trim() || document.documentName.toLowerCase() === source.trim().toLowerCase();

/** The 1-based rank of the first retrieved document that is one of the expected sources; null when none was retrieved. */
export function firstRelevantRank(retrievals: Retrieval[], expectedSources: string[]): number | null {
  const index = rankedDocuments(retrievals).findIndex((document) => expectedSources.some((source) => isSource(document, source)));
  return index < 0 ? null : index + 1;
}

/** 1 when any expected source was retrieved, else 0 (its mean over items is the hit rate). */
export const retrievalHit = (retrievals: Retrieval[], expectedSources: string[]) =>
  firstRelevantRank(retrievals, expectedSources) === null ? 0 : 1;

/** 1 / the rank of the first expected source retrieved, 0 when none was (its mean over items is the MRR). */
export function reciprocalRank(retrievals: Retrieval[], expectedSources: string[]): number {
  const rank = firstRelevantRank(retrievals, expectedSources);
  return rank === null ? 0 : 1 / rank;
}

/** The passages as the judge reads them: numbered, with their sources, every Retrieve step's in turn. */
export function passagesForJudge(retrievals: Retrieval[]): string {
  const passages = retrievals.flatMap((retrieval) => retrieval.passages);
  return passages
    .map((passage, index) => `<passage number="${index + 1}" source="${passage.documentName}">\n${passage.content}\n</passage>`)
    .join("\n");
}
