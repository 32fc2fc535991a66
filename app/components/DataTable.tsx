import type { ReactNode } from "react";

/**
 * The one table markup of the pages: a header row of column headings (`scope="col"`) over the
 * rows given as children; a column given as `false` is left out (a column only some readers see). `wrap` names the scrolling box a wide table sits in on a narrow screen
 * (`table-wrap`, or the ledger's `table-scroll`); `caption` is read out by screen readers only.
 */
export function DataTable({
  columns,
  testId,
  className,
  wrap,
  caption,
  children,
}: {
  columns: (ReactNode | false)[];
  testId: string;
  className?: string;
  wrap?: "table-wrap" | "table-scroll";
  caption?: ReactNode;
  children: ReactNode;
}) {
  const table = (
    <table className={className} data-testid={testId}>
      {caption ? (
        <caption className="visually-hidden">{caption}</caption>
      ) : null}
      <thead>
        <tr>
          {columns.map((column, i) =>
            column === false ? null : (
              <th key={i} scope="col">
                {column}
              </th>
            )
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return wrap ? <div className={wrap}>{table}</div> : table;
}
