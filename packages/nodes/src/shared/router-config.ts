// The Router node's config: its routes (each a model target the references check covers), the mode that
// chooses among them, and each mode's settings. Shared by router.ts and its mode helpers.
import { optionLabels, reference, visibleWhen } from "@switchyard/engine";
import { MAX_AGREEING_SAMPLES } from "@switchyard/evals";
import { z } from "zod";
import { callSettings, fallbacksSchema, modelTargetSchema, streamSchema, systemPromptSchema } from "./model-target";

export const routeSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, "Route names use 1-40 letters, digits, _ or -")
    .meta({ title: "Name" }),
  ...modelTargetSchema.shape,
  /** Expression over tokens, input, message and variables, e.g. `tokens > 2000 || variables.tier == "pro"`. */
  when: z.string().trim().max(2_000).default("").meta({ title: "When (expression)" }),
  /** Matches when the input contains any of these (case-insensitive). */
  keywords: z.array(z.string().trim().min(1).max(200)).max(100).default([]).meta({ title: "Keywords (one per line)" }),
  /** A regular expression the input must match (case-insensitive; linear-time RE2 syntax, no lookaround or backreferences). */
  pattern: z.string().max(500).default("").meta({ title: "Pattern (regular expression)" }),
  fallbacks: fallbacksSchema,
});
export type Route = z.infer<typeof routeSchema>;

const modes = ["rules", "classifier", "learned", "cascade"] as const;

/** learned: a router trained from an eval run predicts each route's chance of passing. */
const learnedSchema = z
  .object({
    routerId: z.string().trim().min(1, "Learn a router from an eval run first").meta({ title: "Trained router" }),
    /** The cheapest route whose predicted chance is at least this answers; else the strongest. */
    threshold: z.number().min(0).max(1.01).default(0.5).meta({ title: "Threshold (0–1)" }),
    /**
     * Learned + cascade: a cheaper route chosen with a predicted chance below this has its answer checked
     * by the verifier (the cascade settings) and escalated to the strongest route when it is rejected.
     * Confident requests skip the check, hopeless ones skip the cheap call. Unset: never checked.
     */
    verifyBelow: z.number().min(0).max(1.01).optional().meta({ title: "Verify the answer when the chance is below (0–1, empty: never)" }),
  })
  .meta({ title: "Learned router", ...visibleWhen("mode", ["learned"]) });

const verifierKinds = ["regex", "json", "javascript", "llm_judge", "self_consistency"] as const;
const forVerifier = (...kinds: (typeof verifierKinds)[number][]) => visibleWhen("kind", kinds);

/** cascade: routes are tried in the order listed (cheapest first); a rejected answer escalates. */
const cascadeSchema = z
  .object({
    kind: z
      .enum(verifierKinds)
      .default("regex")
      .meta({
        title: "Verifier",
        ...optionLabels({
          regex: "Regular expression",
          json: "Valid JSON / JSON Schema",
          javascript: "JavaScript assertion",
          llm_judge: "LLM judge",
          self_consistency: "Self-consistency (samples agree)",
        }),
      }),
    pattern: z
      .string()
      .max(1_000)
      .optional()
      .meta({ title: "Pattern (regular expression)", ...forVerifier("regex") }),
    flags: z
      .string()
      .max(4)
      .default("")
      .meta({ title: "Pattern flags", ...forVerifier("regex") }),
    schema: z
      .string()
      .max(50_000)
      .optional()
      .meta({ title: "JSON Schema", ...forVerifier("json") }),
    /** Gets `input` = { input, output }; returns true/false or a 0–1 score (≥ 0.5 accepts). */
    code: z
      .string()
      .max(20_000)
      .optional()
      .meta({ title: "Code", ...forVerifier("javascript") }),
    credentialId: z
      .string()
      .optional()
      .meta({ title: "Judge provider", ...forVerifier("llm_judge"), ...reference("credential") }),
    model: z
      .string()
      .max(200)
      .optional()
      .meta({ title: "Judge model", ...forVerifier("llm_judge") }),
    rubric: z
      .string()
      .max(10_000)
      .optional()
      .meta({ title: "Rubric", ...forVerifier("llm_judge") }),
    minScore: z
      .number()
      .min(0)
      .max(1)
      .default(0.7)
      .meta({ title: "Minimum score (0–1)", ...forVerifier("llm_judge") }),
    /** How many answers of a stage must agree (after trimming and lower-casing). */
    samples: z
      .number()
      .int()
      .min(2)
      .max(MAX_AGREEING_SAMPLES)
      .default(2)
      .meta({ title: "Samples that must agree", ...forVerifier("self_consistency") }),
  })
  .meta({
    title: "Cascade verifier (streamed tokens are held until an answer passes it; in learned mode, for answers below the verify line)",
    ...visibleWhen("mode", ["cascade", "learned"]),
  });
export type CascadeVerifier = z.infer<typeof cascadeSchema>;

export const routerConfigSchema = z.object({
  routes: z.array(routeSchema).min(1, "Add a route").max(20).meta({ title: "Routes" }),
  /**
   * rules: the first route whose rules all match (a route without rules always matches); classifier: a
   * model picks; learned: a trained router; cascade: cheapest first, escalating when the verifier rejects.
   */
  mode: z
    .enum(modes)
    .default("rules")
    .meta({
      title: "Mode",
      ...optionLabels({
        rules: "Rules",
        classifier: "Classifier model",
        learned: "Learned from evals",
        cascade: "Cascade (verify, escalate)",
      }),
    }),
  classifier: modelTargetSchema.meta({ title: "Classifier model" }).optional(),
  /** Tells the classifier what each route is for, e.g. "easy: greetings and FAQs; hard: anything needing reasoning". */
  classifierHint: z.string().max(4_000).default("").meta({ title: "Classifier instructions" }),
  learned: learnedSchema.optional(),
  /**
   * The learned router's route keys (its eval's variant keys) → this node's route names, written by "Use
   * this router" so routes are named after their models. Outside `learned`, so an eval variant that
   * overrides `learned` (a pinned threshold) keeps it. Absent: the keys are the route names.
   */
  learnedRoutes: z
    .record(z.string(), z.string())
    .optional()
    .meta({ title: "Learned router's routes (its key → route name)", ...visibleWhen("mode", ["learned"]) }),
  cascade: cascadeSchema.optional(),
  /** Once the run has spent this much (US dollars), the budget route answers, or the step fails if there is none. */
  budgetUsd: z.number().positive().max(1_000).optional().meta({ title: "Run budget (USD)" }),
  budgetRoute: z.string().trim().max(40).default("").meta({ title: "Route once over budget" }),
  system: systemPromptSchema,
  ...callSettings,
  stream: streamSchema,
});
export type RouterConfig = z.infer<typeof routerConfigSchema>;
