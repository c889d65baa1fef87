/**
 * What the notifier does with one alarm state change (`decideAction`): post it as broken, post it as
 * recovered, post a recovery only if the alarm's history shows it was in ALARM before its data ran out, or only
 * log it.
 */
export type StateChangeAction =
  | { readonly kind: 'alarm' }
  | { readonly kind: 'recovery' }
  | { readonly kind: 'recovery-if-alarmed' }
  | { readonly kind: 'log'; readonly why: string };
