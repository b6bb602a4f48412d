// What a Paging list row needs besides its data: which keys changed at the last stop and which rows
// belong to the selection.

export interface RowMarks {
  readonly changed: ReadonlySet<number>;
  readonly selected: ReadonlySet<number>;
}
