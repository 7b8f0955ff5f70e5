// Safe expressions for Condition and Router rules, such as `tokens > 2000 && variables.region == "eu"`.
// jsep parses the text into a tree that is evaluated here: no code is generated or run, only own
// properties of plain data can be read, and only the functions listed below can be called.
import { compilePattern } from "@switchyard/regex";
import jsep from "jsep";

type Node = jsep.Expression;

export class ExpressionError extends Error {}

const blocked = new Set(["__proto__", "prototype", "constructor"]);
/** Regular expressions (linear-time, see @switchyard/regex) run on at most this much text. */
const MAX_MATCH_TEXT = 100_000;

const text = (value: unknown) => (typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value));

const functions: Record<string, (...args: unknown[]) => unknown> = {
  contains: (haystack, needle) =>
    Array.isArray(haystack) ? haystack.includes(needle) : text(haystack).toLowerCase().includes(text(needle).toLowerCase()),
  startsWith: (value, prefix) => text(value).startsWith(text(prefix)),
  endsWith: (value, suffix) => text(value).endsWith(text(suffix)),
  matches: (value, pattern) => {
    let regex;
    try {
      regex = compilePattern(text(pattern), "i");
    } catch (error) {
      throw new ExpressionError(`matches(): ${(error as Error).message}`);
    }
    return regex.test(text(value).slice(0, MAX_MATCH_TEXT));
  },
  lower: (value) => text(value).toLowerCase(),
  upper: (value) => text(value).toUpperCase(),
  length: (value) => (Array.isArray(value) ? value.length : text(value).length),
  number: (value) => Number(value),
};

function readProperty(target: unknown, key: unknown): unknown {
  const name = String(key);
  if (blocked.has(name)) throw new ExpressionError(`"${name}" cannot be read in an expression`);
  if (target === null || target === undefined) return undefined;
  if (typeof target !== "object" && typeof target !== "string") return undefined;
  return Object.hasOwn(target as object, name) ? (target as Record<string, unknown>)[name] : undefined;
}

// numbers that arrived as text (run variables always do) compare as numbers
const comparable = (a: unknown, b: unknown): [unknown, unknown] =>
  typeof a === "number" && typeof b === "string" && b.trim() !== "" && !Number.isNaN(Number(b))
    ? [a, Number(b)]
    : typeof b === "number" && typeof a === "string" && a.trim() !== "" && !Number.isNaN(Number(a))
      ? [Number(a), b]
      : [a, b];

function binary(operator: string, left: unknown, right: unknown): unknown {
  const [a, b] = comparable(left, right);
  switch (operator) {
    case "==":
    case "===":
      return a === b;
    case "!=":
    case "!==":
      return a !== b;
    case "<":
      return (a as number) < (b as number);
    case "<=":
      return (a as number) <= (b as number);
    case ">":
      return (a as number) > (b as number);
    case ">=":
      return (a as number) >= (b as number);
    case "+":
      return typeof a === "number" && typeof b === "number" ? a + b : text(a) + text(b);
    case "-":
      return Number(a) - Number(b);
    case "*":
      return Number(a) * Number(b);
    case "/":
      return Number(a) / Number(b);
    case "%":
      return Number(a) % Number(b);
    default:
      throw new ExpressionError(`the operator "${operator}" is not supported`);
  }
}

function evaluateNode(node: Node, scope: Record<string, unknown>): unknown {
  switch (node.type) {
    case "Literal":
      if ((node as jsep.Literal).value instanceof RegExp) throw new ExpressionError("regular expressions go in matches(text, pattern)");
      return (node as jsep.Literal).value;
    case "Identifier":
      return readProperty(scope, (node as jsep.Identifier).name);
    case "MemberExpression": {
      const member = node as jsep.MemberExpression;
      const key = member.computed ? evaluateNode(member.property, scope) : (member.property as jsep.Identifier).name;
      return readProperty(evaluateNode(member.object, scope), key);
    }
    case "ArrayExpression":
      return (node as jsep.ArrayExpression).elements.map((element) => (element ? evaluateNode(element, scope) : null));
    case "UnaryExpression": {
      const unary = node as jsep.UnaryExpression;
      const value = evaluateNode(unary.argument, scope);
      if (unary.operator === "!") return !value;
      if (unary.operator === "-") return -Number(value);
      if (unary.operator === "+") return Number(value);
      throw new ExpressionError(`the operator "${unary.operator}" is not supported`);
    }
    case "BinaryExpression": {
      const { operator, left, right } = node as jsep.BinaryExpression;
      if (operator === "&&") return evaluateNode(left, scope) && evaluateNode(right, scope);
      if (operator === "||") return evaluateNode(left, scope) || evaluateNode(right, scope);
      return binary(operator, evaluateNode(left, scope), evaluateNode(right, scope));
    }
    case "ConditionalExpression": {
      const conditional = node as jsep.ConditionalExpression;
      return evaluateNode(conditional.test, scope)
        ? evaluateNode(conditional.consequent, scope)
        : evaluateNode(conditional.alternate, scope);
    }
    case "CallExpression": {
      const call = node as jsep.CallExpression;
      const name = call.callee.type === "Identifier" ? (call.callee as jsep.Identifier).name : null;
      const fn = name !== null && Object.hasOwn(functions, name) ? functions[name]! : null;
      if (!fn) throw new ExpressionError(`only these functions can be called: ${Object.keys(functions).join(", ")}`);
      return fn(...call.arguments.map((argument) => evaluateNode(argument, scope)));
    }
    default:
      throw new ExpressionError(`this kind of expression (${node.type}) is not supported`);
  }
}

/** A pattern written into the expression is checked when it is saved, not first when a run reaches it. */
function checkLiteralPatterns(tree: Node) {
  const stack: unknown[] = [tree];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    const call = node as jsep.CallExpression;
    const pattern = call.type === "CallExpression" && (call.callee as jsep.Identifier).name === "matches" ? call.arguments[1] : undefined;
    if (pattern?.type === "Literal" && typeof (pattern as jsep.Literal).value === "string")
      try {
        compilePattern((pattern as jsep.Literal).value as string, "i");
      } catch (error) {
        throw new ExpressionError(`matches(): ${(error as Error).message}`);
      }
    stack.push(...Object.values(node));
  }
}

/** Parses once; the result evaluates against any scope. Throws ExpressionError with a readable message. */
export function compileExpression(source: string): (scope: Record<string, unknown>) => unknown {
  let tree: Node;
  try {
    tree = jsep(source);
  } catch (error) {
    throw new ExpressionError(`cannot read the expression: ${(error as Error).message}`);
  }
  if (tree.type === "Compound") throw new ExpressionError("write a single expression");
  checkLiteralPatterns(tree);
  return (scope) => evaluateNode(tree, scope);
}

/** For config checks: the problem with an expression, or null when it parses. */
export function expressionProblem(source: string): string | null {
  try {
    compileExpression(source);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A rough token count (about four characters per token in English), enough to route long versus short. */
export const estimateTokens = (value: string) => Math.ceil(value.length / 4);
