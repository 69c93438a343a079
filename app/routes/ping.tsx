import type { MetaFunction } from "@remix-run/node";

/**
 * /ping: a server-rendered page with a fixed, tiny body and no loader of its own. It goes
 * through everything every page goes through (Express, the security headers, Remix, the
 * root layout and its loader, React's streaming render) and nothing else, so it is the
 * floor of this server: the `bare` figure of `npm run bench` (docs/decisions/0016-benchmark.md).
 * Public; safe to use as a "is the web app up" check.
 */
export const meta: MetaFunction = () => [{ title: "Compact Awards is running - Compact Awards" }];

export default function Ping() {
  return (
    <>
      <h1>Compact Awards</h1>
      <p>The service is running.</p>
    </>
  );
}
