// The tasks of bench:routing and their train/test seeds (shared by index.ts and policies.ts).
import { makeTask, type TaskItem } from "./task";
import { makeCodeTask } from "./task-code";
import { makeSupportTask } from "./task-support";
import { makeWordTask } from "./task-word";
import { makeTriviaTask } from "./task-trivia";
import { makeHelpdeskTask } from "./task-helpdesk";
import { makeExamTask } from "./task-exam";

/** Train seed, test seed: the first pair per task is the one earlier versions of this benchmark reported. */
export const SEEDS: Record<string, [number, number][]> = {
  arithmetic: [
    [11, 22],
    [12, 24],
    [13, 26],
    [14, 28],
    [15, 30],
  ],
  support: [
    [12, 23],
    [13, 25],
    [14, 27],
    [15, 29],
    [16, 31],
  ],
  code: [
    [13, 24],
    [14, 26],
    [15, 28],
    [16, 30],
    [17, 32],
  ],
  // the held-out task: fixed (design and seeds) before any router ran on it, and no default chosen on it
  word: [
    [18, 34],
    [19, 36],
    [20, 38],
    [21, 40],
    [22, 42],
  ],
  // the second held-out task, with a third of its requests beyond both models: design and seeds committed
  // before any router ran on it, and no default chosen on it
  trivia: [
    [23, 44],
    [24, 46],
    [25, 48],
    [26, 50],
    [27, 52],
  ],
  // a development task (not held out): the direct gap model was compared and chosen on it
  helpdesk: [
    [28, 54],
    [29, 56],
    [30, 58],
    [31, 60],
    [32, 62],
  ],
  // the third held-out task (MMLU-like exam questions): design, parameters (from oracle ceilings on dev
  // seeds 301–308 alone) and these seeds committed before any router ran on it; no default chosen on it
  exam: [
    [33, 64],
    [34, 66],
    [35, 68],
    [36, 70],
    [37, 72],
  ],
};
export const TASKS: Record<string, { note: string; make: (count: number, seed: number) => TaskItem[] }> = {
  arithmetic: {
    note: "arithmetic requests; difficulty partly visible (operations, digits, ×, carries) and partly hidden (per-item noise)",
    make: makeTask,
  },
  support: {
    note: "product-support questions; difficulty partly visible (intent, product series and popularity, clauses) and partly hidden (changed policies, per-item noise)",
    make: makeSupportTask,
  },
  code: {
    note: "questions about code snippets (multi-line); difficulty partly visible (ask, language, length, nesting, risky calls) and partly hidden (subtle bugs, per-item noise)",
    make: makeCodeTask,
  },
  word: {
    note: "held out: math word problems, designed before any router ran on it; difficulty partly visible (steps, kind of step, unit change, distractor) and partly hidden (awkward intermediate results, per-item noise)",
    make: makeWordTask,
  },
  trivia: {
    note: "held out: multi-hop factual questions, about a third beyond both models; designed before any router ran on it; difficulty partly visible (hops, kind of question, famous or unknown entity, a recent-events phrase) and partly hidden (facts missing from both models' training, per-item noise)",
    make: makeTriviaTask,
  },
  helpdesk: {
    note: "development task: IT helpdesk questions answered from documentation, about a quarter beyond both models; difficulty partly visible (topic, kind of request, parts, error code, a reference to the asker's own records) and partly hidden (stale documentation, unstated personal references, per-item noise)",
    make: makeHelpdeskTask,
  },
  exam: {
    note: "held out: multiple-choice exam questions across subjects (MMLU-like), designed and its parameters set from oracle ceilings alone before any router ran on it; difficulty partly visible (subject, kind of question, a computation, an all-of-the-above option) and partly hidden (a misconception distractor, a wrong answer key, per-item noise)",
    make: makeExamTask,
  },
};
