// Evaluators that compare the output with the item's expected value: on a dataset with no expected
// values they could only fail every item, so an eval run with them is refused up front; the same for
// retrieval metrics without expected sources and knowledge-base metrics on a flow with no Retrieve node.
import { evaluatorLabels, isKnowledgeEvaluator, type Evaluator } from "./evaluators";

export function needsExpected(evaluator: Evaluator): boolean {
  if (evaluator.kind === "exact_match" || evaluator.kind === "semantic_similarity") return true;
  return evaluator.kind === "contains" && evaluator.value === undefined;
}

/** The issues (path and reason) for a dataset version none of whose items has an expected value. */
export function expectedValueProblems(evaluators: Evaluator[], datasetHasExpected: boolean) {
  if (datasetHasExpected) return [];
  return evaluators.flatMap((evaluator, index) =>
    needsExpected(evaluator)
      ? [
          {
            path: `evaluators.${index}`,
            message: `${evaluator.name || evaluatorLabels[evaluator.kind]} compares with the expected value, and no item of this dataset version has one: add expected values to the dataset or choose another evaluator`,
          },
        ]
      : [],
  );
}

const RETRIEVAL_METRICS = ["retrieval_hit_rate", "retrieval_mrr"];

/** Retrieval hit rate and MRR compare with the items' expected sources: refused when no item names one. */
export function expectedSourceProblems(evaluators: Evaluator[], datasetHasSources: boolean) {
  if (datasetHasSources) return [];
  return evaluators.flatMap((evaluator, index) =>
    RETRIEVAL_METRICS.includes(evaluator.kind)
      ? [
          {
            path: `evaluators.${index}`,
            message: `${evaluator.name || evaluatorLabels[evaluator.kind]} compares the retrieved documents with each item's expected sources, and no item of this dataset version names any: add expectedSources to the dataset or choose another evaluator`,
          },
        ]
      : [],
  );
}

/** The knowledge-base metrics read what Retrieve steps returned: refused for a flow without a Retrieve node. */
export function knowledgeEvaluatorProblems(evaluators: Evaluator[], flowHasRetrieve: boolean) {
  if (flowHasRetrieve) return [];
  return evaluators.flatMap((evaluator, index) =>
    isKnowledgeEvaluator(evaluator)
      ? [
          {
            path: `evaluators.${index}`,
            message: `${evaluator.name || evaluatorLabels[evaluator.kind]} measures what the bot retrieves from a context store, and this flow has no Retrieve node`,
          },
        ]
      : [],
  );
}
