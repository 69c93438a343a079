// ESLint: TypeScript's recommended rules and React's hooks rules, on everything we write.
// `npm test` runs it (with tsc --noEmit) and fails on any error.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "public/build/", "app/generated/", "data/", "test-results/", "playwright-report/", ".cache/", "bench/data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      // The classic hooks rules. The React Compiler's rules (refs, set-state-in-effect) are for
      // code the compiler optimises; we do not use it (docs/decisions/0019).
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // Several modules exist to find and drop control characters in what people send.
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Domain code returns results and never makes an HTTP Response (docs/decisions/0064): only
    // routes, the guards and answers in app/http, the session cookie and form reading may.
    files: ["app/**/*.server.ts"],
    // uploadthing-router.server.ts is an HTTP handler itself (UploadThing posts to it).
    ignores: ["app/http/**", "app/forms/**", "app/auth/session.server.ts", "app/storage/uploadthing-router.server.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@remix-run/node", message: "Domain code returns a result value; routes and app/http make responses (docs/decisions/0064)." },
            { name: "~/http/responses.server", message: "Domain code returns a result value; routes and app/http make responses (docs/decisions/0064)." },
            { name: "~/http/guards.server", message: "Route guards are for routes (docs/decisions/0064)." },
          ],
        },
      ],
    },
  },
);
