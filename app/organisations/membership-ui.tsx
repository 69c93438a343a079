/** The two answers to a request to join, as one form: used by the organisers' and the members' pages. */
import { Form } from "@remix-run/react";

export function MembershipDecision({ membershipId, who, small = false }: { membershipId: string; who: string; small?: boolean }) {
  const size = small ? " button--small" : "";
  return (
    <Form method="post">
      <input type="hidden" name="membershipId" value={membershipId} />
      <button type="submit" name="intent" value="approve" className={`button${size}`}>
        Approve<span className="visually-hidden"> {who}</span>
      </button>{" "}
      <button type="submit" name="intent" value="refuse" className={`button button--secondary${size}`}>
        Do not approve<span className="visually-hidden"> {who}</span>
      </button>
    </Form>
  );
}
