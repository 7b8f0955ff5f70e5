// Evaluators that compare the output with the item's expected value: on a dataset with no expected
// values they could only fail every item, so an eval run with them is refused up front.
import { evaluatorLabels, type Evaluator } from "./evaluators";

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
