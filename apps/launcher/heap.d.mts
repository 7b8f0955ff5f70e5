export declare const DEFAULT_HEAP_MB: { web: number; worker: number };
export declare function heapArgs(role: "web" | "worker", env?: Record<string, string | undefined>): string[];
