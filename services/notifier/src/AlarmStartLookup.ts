/**
 * When the alarm last entered ALARM before `before`, if it was in ALARM just then (INSUFFICIENT_DATA in between
 * does not count); undefined when it was not, or the history does not reach back that far. Read from the alarm's
 * history (`cloudWatchAlarmStart`), so the notifier needs no state of its own to say how long an alarm lasted.
 */
export type AlarmStartLookup = (alarmName: string, before: Date) => Promise<Date | undefined>;
