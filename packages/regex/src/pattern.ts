// Regular expressions written by users (Router patterns, matches() in expressions, regex evaluators,
// JSON Schema `pattern`) run on RE2JS, which matches in time linear in the text: a backtracking
// engine (V8's RegExp) can take exponential time on a pattern like ^(a+)+$, and one tenant's pattern
// would then stall every run sharing the worker's event loop.
import { RE2JS } from "re2js";

export class PatternError extends Error {
  override name = "PatternError";
}

/** The parts of RegExp that callers (and zod's regex checks) use. */
export interface LinearRegex {
  readonly source: string;
  readonly flags: string;
  lastIndex: number;
  test(text: string): boolean;
  toString(): string;
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };
/** Flags a user may give: i, m, s and u (RE2 always reads patterns as Unicode). */
export const SUPPORTED_FLAGS = Object.keys(FLAG_BITS).join("");

/**
 * What V8 accepts and RE2 cannot run, found by scanning the pattern (escapes and character classes
 * skipped). It runs before RE2JS's translation of JavaScript syntax, which would otherwise read
 * `\k<name>` as a plain "k".
 */
function unsupportedFeature(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || (next === "k" && pattern[i + 2] === "<")) return "backreferences (\\1, \\k<name>)";
      i++;
    } else if (inClass) inClass = char !== "]";
    else if (char === "[") inClass = true;
    else if (char === "(" && /^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) return "lookaround ((?=…), (?!…), (?<=…), (?<!…))";
  }
  return null;
}

const cache = new Map<string, LinearRegex>();
const CACHE_SIZE = 500;

function reason(pattern: string, flags: string, error: unknown): string {
  const badFlag = [...flags].find((flag) => !(flag in FLAG_BITS));
  if (badFlag) return `the flag "${badFlag}" is not supported (use ${SUPPORTED_FLAGS.split("").join(", ")})`;
  let validForJs = true;
  try {
    new RegExp(pattern, "u"); // compiling never runs the pattern, so this costs nothing dangerous
  } catch {
    try {
      new RegExp(pattern);
    } catch {
      validForJs = false;
    }
  }
  if (!validForJs) return `"${pattern}" is not a valid regular expression`;
  const feature = unsupportedFeature(pattern);
  if (feature) return `"${pattern}" uses ${feature}, which cannot run in linear time; rewrite it without them`;
  const detail = (error as Error | null)?.message.replace(/^error parsing regexp: /, "") ?? "unsupported syntax";
  return `"${pattern}" cannot run in the linear-time regular expression engine (${detail})`;
}

function build(pattern: string, flags: string): LinearRegex {
  let bits = 0;
  for (const flag of flags) {
    if (!(flag in FLAG_BITS)) throw new PatternError(reason(pattern, flags, null));
    bits |= FLAG_BITS[flag]!;
  }
  if (unsupportedFeature(pattern)) throw new PatternError(reason(pattern, flags, null));
  let compiled: RE2JS;
  try {
    // translateRegExp turns JavaScript-only spellings (\u00e9, \/) into RE2 syntax
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (error) {
    throw new PatternError(reason(pattern, flags, error));
  }
  return {
    source: pattern,
    flags,
    lastIndex: 0,
    test: (text: string) => compiled.test(text),
    toString: () => `/${pattern}/${flags}`,
  };
}

/** Compiles a user pattern for linear-time matching (cached); throws PatternError saying why it cannot. */
export function compilePattern(pattern: string, flags = ""): LinearRegex {
  const key = `${flags}/${pattern}`;
  let regex = cache.get(key);
  if (!regex) {
    regex = build(pattern, flags);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, regex);
  }
  return regex;
}

/** For config checks: `<field>: <why>` when the pattern cannot be used, else null. */
export function patternProblem(field: string, pattern: string, flags = ""): string | null {
  try {
    compilePattern(pattern, flags);
    return null;
  } catch (error) {
    return `${field}: ${(error as Error).message}`;
  }
}
