/**
 * Opt-out and opt-in keywords in inbound messages. The whole message must be the keyword: "stop"
 * opts out, "please don't stop writing" does not. Matching ignores case, whitespace and
 * punctuation ("Stop.", " STOP ALL ", "opt-out" all match).
 *
 * Opt-out: the carrier-standard English words (the set Twilio and the CTIA handbook use) plus
 * ARRET, which Canadian carriers require. Opt-in: START and UNSTOP only. YES is deliberately not
 * an opt-in here: "yes" is an ordinary answer in a conversation, and silently lifting an opt-out
 * on it is the worse mistake.
 */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
  'ARRET',
] as const;

export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;

export type KeywordIntent = 'opt_out' | 'opt_in';

const OUT = new Set<string>(OPT_OUT_KEYWORDS);
const IN = new Set<string>(OPT_IN_KEYWORDS);

/** Upper case, accents dropped (ARRÊT), everything but letters and digits removed. */
export const keywordOf = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

export function keywordIntent(text: string | undefined): KeywordIntent | undefined {
  if (!text || text.length > 40) return undefined;
  const word = keywordOf(text);
  if (OUT.has(word)) return 'opt_out';
  if (IN.has(word)) return 'opt_in';
  return undefined;
}
