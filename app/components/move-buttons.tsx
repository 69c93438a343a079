import { Form } from "@remix-run/react";

/**
 * "Move up" and "Move down" for one row of an ordered list (categories, criteria): each a
 * small form posting intent=move with the row's id and the direction, so reordering works
 * without JavaScript. `label` finishes the buttons' names for screen readers
 * ("Move Health category up"); the first row has no "up", the last no "down".
 */
export function MoveButtons({ action, id, label, first, last }: { action: string; id: string; label: string; first: boolean; last: boolean }) {
  return (
    <>
      {(["up", "down"] as const)
        .filter((direction) => (direction === "up" ? !first : !last))
        .map((direction) => (
          <Form key={direction} method="post" action={action}>
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="direction" value={direction} />
            <button type="submit" className="button button--secondary button--small">
              Move<span className="visually-hidden"> {label}</span> {direction}
            </button>
          </Form>
        ))}
    </>
  );
}
