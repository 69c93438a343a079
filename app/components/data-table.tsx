import type { ReactNode } from "react";

export type DataColumn = string | { label: string; className?: string };

/**
 * A table of rows with a caption and column headings (scope="col"); the rows are the
 * children. The caption may be hidden visually when the heading above says the same.
 */
export function DataTable({
  caption,
  columns,
  children,
  className = "admin-table",
  hiddenCaption = false,
  captionId,
}: {
  caption: ReactNode;
  columns: DataColumn[];
  children: ReactNode;
  className?: string;
  hiddenCaption?: boolean;
  captionId?: string;
}) {
  return (
    <table className={className || undefined}>
      <caption className={hiddenCaption ? "visually-hidden" : undefined} id={captionId}>
        {caption}
      </caption>
      <thead>
        <tr>
          {columns.map((column, i) => {
            const { label, className: columnClass } = typeof column === "string" ? { label: column, className: undefined } : column;
            return (
              <th key={i} scope="col" className={columnClass}>
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
