// The usage dashboard's query string (page, JSON API and CSV export): an ISO date range, by default
// the last 30 days, and optional filters. Empty values (an unset <select>) count as absent.
import type { UsageFilters } from "@switchyard/db";
import { z } from "zod";

const DEFAULT_DAYS = 30;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "dates look like 2026-11-25")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "that is not a real date");

const defaultRange = () => {
  const today = new Date();
  return {
    from: new Date(today.getTime() - (DEFAULT_DAYS - 1) * 86_400_000).toISOString().slice(0, 10),
    to: today.toISOString().slice(0, 10),
  };
};

const withoutEmptyValues = (raw: unknown) =>
  raw && typeof raw === "object"
    ? Object.fromEntries(Object.entries(raw).filter(([, value]) => typeof value === "string" && value !== ""))
    : raw;

export const usageQuerySchema: z.ZodType<UsageFilters> = z.preprocess(
  (raw) => ({ ...defaultRange(), ...(withoutEmptyValues(raw) as object) }),
  z
    .object({
      from: day,
      to: day,
      botId: z.string().min(1).max(100).optional(),
      /** "none" selects runs outside any deployment (the editor's test chat). */
      deploymentId: z.string().min(1).max(100).optional(),
      provider: z.string().min(1).max(40).optional(),
      model: z.string().min(1).max(200).optional(),
    })
    .refine((filters) => filters.from <= filters.to, { message: "from must not be after to", path: ["from"] })
    .refine((filters) => Date.parse(filters.to) - Date.parse(filters.from) <= 400 * 86_400_000, {
      message: "the date range is limited to 400 days",
      path: ["to"],
    }),
);
