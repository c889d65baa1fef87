import { describe, expect, it } from 'vitest';
import { decideAction } from '../src/index.js';

// Deduplication without state: only real changes into ALARM and back to OK are posted.

describe('decideAction', () => {
  it.each([
    ['OK', 'ALARM', 'alarm'],
    ['INSUFFICIENT_DATA', 'ALARM', 'alarm'],
    ['ALARM', 'OK', 'recovery'],
    ['INSUFFICIENT_DATA', 'OK', 'recovery-if-alarmed'],
    ['ALARM', 'ALARM', 'log'],
    ['OK', 'OK', 'log'],
    ['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA', 'log'],
    ['OK', 'INSUFFICIENT_DATA', 'log'],
    ['ALARM', 'INSUFFICIENT_DATA', 'log'],
  ] as const)('%s → %s: %s', (oldState, newState, kind) => {
    expect(decideAction({ oldState, newState }).kind).toBe(kind);
  });

  it('says why a change is only logged', () => {
    expect(decideAction({ oldState: 'ALARM', newState: 'ALARM' })).toEqual({
      kind: 'log',
      why: 'a repeat: the alarm was already ALARM',
    });
    expect(decideAction({ oldState: 'ALARM', newState: 'INSUFFICIENT_DATA' })).toMatchObject({
      why: expect.stringContaining('the recovery is posted when the alarm reaches OK'),
    });
  });
});
