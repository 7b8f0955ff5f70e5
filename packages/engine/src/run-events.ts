// The events a run emits, in order. Workers append them to a per-run Redis stream; the web app relays
// them as Server-Sent Events. Timestamps are epoch milliseconds.
import { z } from "zod";

// SKIPPED: the node was on a branch that was not taken, so it never ran
const stepStatus = z.enum(["SUCCEEDED", "FAILED", "CANCELLED", "SKIPPED"]);
/** Set on the events of a sub-step (an agent's tool call): the node it belongs to. */
const parentId = z.string().optional();

export const runEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run.started"), runId: z.string(), at: z.number() }),
  z.object({ type: z.literal("node.started"), nodeId: z.string(), nodeType: z.string(), at: z.number(), parentId }),
  z.object({ type: z.literal("token"), nodeId: z.string(), text: z.string() }),
  /** How far a node working through a list (For each) has got. */
  z.object({ type: z.literal("node.progress"), nodeId: z.string(), done: z.number(), total: z.number() }),
  z.object({
    type: z.literal("node.finished"),
    nodeId: z.string(),
    status: stepStatus,
    parentId,
    at: z.number(),
    latencyMs: z.number(),
    model: z.string().optional(),
    provider: z.string().optional(),
    tokensIn: z.number().optional(),
    tokensOut: z.number().optional(),
    costUsd: z.number().optional(),
    attempts: z.number().optional(),
    error: z.string().optional(),
    /** Why a node was skipped, or what a branching node chose. */
    note: z.string().optional(),
  }),
  /** A node stopped to ask a person; the run pauses once nothing else can go on. */
  z.object({ type: z.literal("node.waiting"), nodeId: z.string(), at: z.number(), question: z.string() }),
  /** The run paused: it continues (in a new job) once the approvals listed are answered. */
  z.object({
    type: z.literal("run.waiting"),
    at: z.number(),
    approvals: z.array(z.object({ id: z.string(), question: z.string() })),
  }),
  z.object({
    type: z.literal("run.finished"),
    status: z.enum(["SUCCEEDED", "FAILED", "CANCELLED"]),
    at: z.number(),
    output: z.string().nullable(),
    error: z.string().nullable(),
    latencyMs: z.number(),
    tokensIn: z.number(),
    tokensOut: z.number(),
    costUsd: z.number(),
  }),
]);

export type RunEvent = z.infer<typeof runEventSchema>;
export type RunFinishedEvent = Extract<RunEvent, { type: "run.finished" }>;
export type RunWaitingEvent = Extract<RunEvent, { type: "run.waiting" }>;
