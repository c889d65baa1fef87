/** The one structured log line a `ferry reload` run leaves (JSON), so every reset can be traced to a person and time. */
export function reloadAudit(
  fields: {
    readonly who: string;
    readonly stage: string | undefined;
    readonly target: string;
    readonly entries: readonly string[];
    readonly sinks: readonly string[];
    readonly since: string | undefined;
    readonly outcome: 'done' | 'dry-run' | 'refused' | 'failed';
    readonly error?: string;
  },
  when: Date,
) {
  return { level: 'INFO', message: 'table reload', audit: true, when: when.toISOString(), ...fields } as const;
}
