// Lint rules for the whole repository (run from the root: npm run lint).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/generated/**", ".data/**", "test-results/**", "**/next-env.d.ts"],
  },
  { ignores: ["apps/web/public/widget.js"] }, // built from packages/widget
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": ["error", { allow: ["warn", "error", "log"] }],
    },
  },
  // Boundaries (docs/architecture.md): components run in the browser and reach the server only
  // through the API, so they import none of the server-side packages…
  {
    files: ["apps/web/src/components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["db", "queue", "runner", "providers", "net", "sandbox"].flatMap((name) => [
                `@switchyard/${name}`,
                `@switchyard/${name}/*`,
              ]),
              message: "components run in the browser: call the API (apps/web/src/app/api) instead of server-side packages",
            },
          ],
        },
      ],
      // the web's own server code (routes, server/) reaches components as types only (a route's
      // ResponseOf); a value import would bundle it into the browser. This stands in for the
      // `server-only` marker, which would throw in server.ts, where Node imports routes directly.
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server/*", "@/app/api/*"],
              allowTypeImports: true,
              message: "components import the server's code as types only (ResponseOf); pages pass server data in as props",
            },
          ],
        },
      ],
    },
  },
  // …and the engine, the node library, the evals and the starter templates are pure domain logic that
  // also runs in the editor and in worker threads: no Node.js built-ins (tests may use them)
  {
    files: ["packages/{engine,nodes,evals,templates}/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*"], message: "domain packages stay runtime-neutral: take the capability as a parameter" }] },
      ],
    },
  },
  {
    files: ["apps/web/**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
);
