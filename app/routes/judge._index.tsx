import type { LinksFunction, LoaderFunctionArgs, MetaFunction, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { prisma } from "~/db/client.server";
import { judgeQueue } from "~/judging/queue.server";
import { QUEUE_STATUS_LABELS, type QueueStatus } from "~/judging/scoring";
import judgingStyles from "~/styles/judging.css";
import { formatUkDateTime } from "~/utils/time";
import { notFound } from "~/http/responses.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: judgingStyles }];

export const meta: MetaFunction = () => [{ title: "Your judging - Compact Awards" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (!can(actor, { action: "judge.queue" })) throw notFound();
  const groups = await judgeQueue(prisma, actor);
  return json({ name: actor.name, groups });
}

const TAG: Record<QueueStatus, string> = {
  not_started: "tag tag--grey",
  draft: "tag tag--yellow",
  submitted: "tag tag--green",
  conflict_declared: "tag tag--red",
};

function actionLabel(status: QueueStatus, open: boolean) {
  if (status === "conflict_declared") return "See your declaration";
  if (!open) return "Read";
  if (status === "not_started") return "Start scoring";
  if (status === "draft") return "Carry on scoring";
  return "Check or change scores";
}

export default function JudgeQueue() {
  const { name, groups } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your judging</h1>
      {name ? <p className="lead">Thank you for judging, {name}.</p> : null}
      <p>
        Your scores are saved as you go, on this laptop first if the connection drops, so you can stop and come back at any time. You only see the nominations
        you have been asked to judge; other judges&apos; scores are never shown to you.
      </p>
      {groups.length === 0 ? <p>You have no judging at the moment.</p> : null}
      {groups.map((g) => (
        <section key={g.cycle.id} className="queue-cycle" aria-labelledby={`cycle-${g.cycle.id}`}>
          <h2 id={`cycle-${g.cycle.id}`}>{g.cycle.name}</h2>
          <p className="queue-progress">
            <strong>
              {g.scored} of {g.toScore} scored
            </strong>
            {g.drafts ? <span> · {g.drafts} in draft</span> : null}
          </p>
          {g.toScore > 0 ? (
            <progress className="queue-bar" max={g.toScore} value={g.scored} aria-label={`${g.cycle.name}: ${g.scored} of ${g.toScore} scored`}>
              {g.scored} of {g.toScore}
            </progress>
          ) : null}
          {g.judgingOpen ? (
            g.judgingCloseAt ? (
              <p>
                Judging closes on <strong>{formatUkDateTime(new Date(g.judgingCloseAt))}</strong> (UK time). You can change your scores until then.
              </p>
            ) : (
              <p>Judging is open. You can change your scores until the organisers close judging.</p>
            )
          ) : (
            <p className={g.finished ? "muted" : "warning"}>{g.closedMessage}</p>
          )}
          {g.categories.length === 0 ? <p>No nominations have been given to you yet.</p> : null}
          {g.finished && g.categories.length > 0 ? (
            <details className="queue-finished">
              <summary>Show the {g.categories.reduce((n, c) => n + c.items.length, 0)} nominations you were given</summary>
              <QueueTables group={g} />
            </details>
          ) : (
            <QueueTables group={g} />
          )}
        </section>
      ))}
    </>
  );
}

type Group = SerializeFrom<typeof loader>["groups"][number];

/** One table per category: the nominations, their status, and a link to each. */
function QueueTables({ group }: { group: Group }) {
  return (
    <>
      {group.categories.map((c) => (
        <div key={c.id} className="table-wrap">
          <table className="queue-table">
            <caption>
              {c.name}{" "}
              <span className="queue-caption-progress">
                ({c.scored} of {c.toScore} scored)
              </span>
            </caption>
            <thead>
              <tr>
                <th scope="col">Nomination</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {c.items.map((item) => (
                <tr key={item.id}>
                  <td>{item.title}</td>
                  <td>
                    <span className={TAG[item.status]}>{QUEUE_STATUS_LABELS[item.status]}</span>
                  </td>
                  <td>
                    <Link to={`/judge/${item.id}`}>
                      {actionLabel(item.status, group.judgingOpen)}
                      <span className="visually-hidden">: {item.title}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
