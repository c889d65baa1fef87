/** A row change as DMS marks it: insert, update (after-image) or delete (the row before the delete). */
export const ChangeOp = {
  Insert: 'I',
  Update: 'U',
  Delete: 'D',
} as const;

export type ChangeOp = (typeof ChangeOp)[keyof typeof ChangeOp];
