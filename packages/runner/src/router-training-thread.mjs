// Entry of the router-training worker thread: a thread does not inherit the process's TypeScript loader.
import { register } from "tsx/esm/api";

register();
await import("./router-training-thread.ts");
