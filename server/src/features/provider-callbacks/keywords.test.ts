import { describe, expect, it } from 'vitest';
import { keywordIntent } from './keywords.js';

describe('opt-out and opt-in keywords', () => {
  it('recognizes opt-out words whatever the case, spacing and punctuation', () => {
    for (const text of [
      'STOP',
      'stop',
      ' Stop. ',
      'STOP ALL',
      'stopall!',
      'Unsubscribe',
      'opt-out',
      'End',
      'quit',
      'cancel',
      'Arrêt',
    ]) {
      expect(keywordIntent(text), text).toBe('opt_out');
    }
  });

  it('recognizes START and UNSTOP as opt-in, and not YES', () => {
    expect(keywordIntent('start')).toBe('opt_in');
    expect(keywordIntent('Unstop!')).toBe('opt_in');
    expect(keywordIntent('yes')).toBeUndefined();
  });

  it('does not read a keyword inside an ordinary message', () => {
    for (const text of [
      "please don't stop",
      'stop by tomorrow?',
      'the end of the week',
      '',
      undefined,
    ]) {
      expect(keywordIntent(text), String(text)).toBeUndefined();
    }
  });
});
