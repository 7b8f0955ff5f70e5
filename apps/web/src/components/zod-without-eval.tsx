"use client";
// zod, which validates forms and node configs in the browser, first probes whether it may compile its
// validators with `new Function`. The pages' Content-Security-Policy never allows that, and Chromium
// reports even a refused, caught attempt as a violation; so zod is told not to try (it validates the
// same way without compiling). Only in the browser: on the server it may compile.
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });

/** Rendered once by the root layout, so every page's bundle loads this module. */
export function ZodWithoutEval() {
  return null;
}
