import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { judgesAnyCycle, organisesAnyCycle } from "~/auth/permissions";
import { getActor, readFlash } from "~/auth/session.server";
import { useNonce } from "~/components/nonce";
import { localMailboxFor } from "~/mail/mailbox.server";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Compact Awards" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const { notice, cookie } = await readFlash(request);
  return json(
    {
      user: actor
        ? {
            name: actor.name,
            email: actor.email,
            isOrganiser: organisesAnyCycle(actor),
            isJudge: judgesAnyCycle(actor),
          }
        : null,
      notice,
      localMailbox: localMailboxFor(request),
    },
    cookie ? { headers: { "Set-Cookie": cookie } } : undefined,
  );
}

function Header() {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.user;
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <Link to="/" className="site-header__name">
          Compact Awards
        </Link>
        <nav aria-label="Main">
          <ul className="site-nav">
            {user ? (
              <>
                <li>
                  <Link to="/nominations">Your nominations</Link>
                </li>
                <li>
                  <Link to="/your-organisation">Your organisation</Link>
                </li>
                {user.isJudge ? (
                  <li>
                    <Link to="/judge">Judging</Link>
                  </li>
                ) : null}
                {user.isOrganiser ? (
                  <li>
                    <Link to="/admin">Organise</Link>
                  </li>
                ) : null}
                <li>
                  <Form method="post" action="/sign-out">
                    <button type="submit" className="link-button">
                      Sign out<span className="visually-hidden"> {user.name ?? user.email}</span>
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <li>
                <Link to="/sign-in">Sign in</Link>
              </li>
            )}
          </ul>
        </nav>
      </div>
    </header>
  );
}

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to main content
        </a>
        <Header />
        <div className="container">
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </div>
        <footer className="site-footer">
          <div className="container">
            <p>Compact Awards celebrates partnership working between public bodies and the voluntary and community sector.</p>
            {data?.localMailbox ? (
              <p>
                <strong>Demo mode:</strong> emails are kept on this computer. <Link to="/dev/mailbox">Open the local mailbox</Link>.
              </p>
            ) : null}
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { notice } = useLoaderData<typeof loader>();
  return (
    <Document>
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Sorry, there is a problem with the service";
  let message = "Please try again later.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      message = "If you typed the web address, check it is correct. If you followed a link, it may be out of date or you may not have access to it.";
    } else if (error.status === 403) {
      title = "You do not have access to this page";
      message = typeof error.data === "string" && error.data ? error.data : "Sign in with an account that has access.";
    } else if (error.status === 400 || error.status === 413) {
      title = "There is a problem with what was sent";
      message = typeof error.data === "string" && error.data ? error.data : "Go back to the page, reload it and try again.";
    } else if (typeof error.data === "string" && error.data) {
      message = error.data;
    }
  } else {
    console.error(error);
  }
  return (
    <Document title={`${title} - Compact Awards`}>
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </Document>
  );
}
