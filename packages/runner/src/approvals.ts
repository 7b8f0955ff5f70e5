// What the web app needs of approvals (answering, one-time links, cancelling a waiting run), without
// the rest of the runner: `@switchyard/runner/approvals`.
export { answerApproval, approvalAnswerInputSchema, type ApprovalAnswerInput, type Answerer } from "./answer-approval";
export { signApprovalLink, readApprovalLink } from "./approval-link";
export { cancelPausedRun, resumeIfWaiting, type RunQueue } from "./pause-run";
