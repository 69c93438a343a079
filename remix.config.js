/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  watchPaths: ["./emails/**/*"],
  // React Router v7 behaviours we already follow (docs/decisions/0066). With single fetch a
  // browser's data requests are GET/POST <path>.data (turbo-stream); ?_data= is refused (server.ts).
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
};
