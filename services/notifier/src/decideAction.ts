import type { AlarmNotification } from './AlarmNotification.js';
import type { StateChangeAction } from './StateChangeAction.js';

/**
 * Deduplication without state: only a change *into* ALARM and a change from ALARM back to OK are posted, so the
 * channel gets one message when something breaks and one when it recovers. A repeat (ALARM → ALARM, OK → OK), a
 * change into INSUFFICIENT_DATA, and INSUFFICIENT_DATA → OK (a new or redeployed alarm's first evaluation) are
 * logged only, except that INSUFFICIENT_DATA → OK is still a recovery when the alarm was in ALARM before its data
 * ran out (ALARM → INSUFFICIENT_DATA → OK), which only its history can tell.
 */
export function decideAction(alarm: Pick<AlarmNotification, 'oldState' | 'newState'>): StateChangeAction {
  const { oldState, newState } = alarm;
  if (oldState === newState) return { kind: 'log', why: `a repeat: the alarm was already ${newState}` };
  if (newState === 'ALARM') return { kind: 'alarm' };
  if (newState === 'OK') return oldState === 'ALARM' ? { kind: 'recovery' } : { kind: 'recovery-if-alarmed' };
  return {
    kind: 'log',
    why:
      oldState === 'ALARM'
        ? 'the metric stopped reporting while in ALARM; the recovery is posted when the alarm reaches OK'
        : 'the metric has too little data to evaluate',
  };
}
