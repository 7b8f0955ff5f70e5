#!/usr/bin/env node
// `npx switchyard …`: the CLI is TypeScript, run through tsx (a dependency), so it needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
