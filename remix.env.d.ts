/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

// Single fetch is on (remix.config.js): useLoaderData/useActionData infer what turbo-stream
// sends, not what JSON.stringify would. (json() answers are still typed as JSON.)
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
