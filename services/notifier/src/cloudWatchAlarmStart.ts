import { type AlarmHistoryItem, type CloudWatchClient, DescribeAlarmHistoryCommand } from '@aws-sdk/client-cloudwatch';
import { FerryError } from '@ferry/core';
import type { AlarmStartLookup } from './AlarmStartLookup.js';

/**
 * How far a history item's time may sit from the state change's own `StateChangeTime` and still be that change:
 * CloudWatch records both at the same moment, but not always to the millisecond.
 */
const SAME_CHANGE_MS = 5_000;
/** A recovery is looked up right after it happens, so the ALARM it ends is among the last few state changes. */
const MAX_RECORDS = 20;

/**
 * An `AlarmStartLookup` over CloudWatch's DescribeAlarmHistory (state updates, newest first, up to `before`): the
 * newest change into ALARM is when the alarm started, unless a change into OK comes first (then it was not in
 * ALARM). Needs `cloudwatch:DescribeAlarmHistory` on the alarms. A failed read is an error naming the alarm.
 */
export function cloudWatchAlarmStart(client: CloudWatchClient): AlarmStartLookup {
  return async (alarmName, before) => {
    let items: AlarmHistoryItem[];
    try {
      const output = await client.send(
        new DescribeAlarmHistoryCommand({
          AlarmName: alarmName,
          HistoryItemType: 'StateUpdate',
          // Changes after this one (a late retry of this invocation, say) say nothing about when it started.
          EndDate: new Date(before.getTime() + SAME_CHANGE_MS),
          ScanBy: 'TimestampDescending',
          MaxRecords: MAX_RECORDS,
        }),
      );
      items = output.AlarmHistoryItems ?? [];
    } catch (cause) {
      const code = (cause as { name?: string }).name ?? 'Error';
      throw new FerryError(`cannot read the history of alarm ${JSON.stringify(alarmName)}: ${code}`, {
        retryable: true,
        hint: "Check that the notifier's role may call cloudwatch:DescribeAlarmHistory",
        cause,
      });
    }
    for (const item of items) {
      const at = item.Timestamp;
      if (at === undefined || at.getTime() > before.getTime() + SAME_CHANGE_MS) continue;
      const state = newStateOf(item);
      if (state === 'ALARM') return at;
      // The change being notified is itself an `→ OK` item; an older one means the alarm was not in ALARM.
      if (state === 'OK' && at.getTime() < before.getTime() - SAME_CHANGE_MS) return undefined;
    }
    return undefined;
  };
}

/** The state a history item changed to: `HistoryData.newState.stateValue`, else the summary's `… to ALARM`. */
function newStateOf(item: AlarmHistoryItem): string | undefined {
  try {
    const data = JSON.parse(item.HistoryData ?? '') as { newState?: { stateValue?: unknown } };
    if (typeof data.newState?.stateValue === 'string') return data.newState.stateValue;
  } catch {
    // Fall back to the summary below.
  }
  return /\bto (OK|ALARM|INSUFFICIENT_DATA)\b/.exec(item.HistorySummary ?? '')?.[1];
}
