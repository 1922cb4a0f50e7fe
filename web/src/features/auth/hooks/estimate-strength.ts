import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/**
 * The estimator the server checks new passwords with (server/src/platform/auth/
 * password-strength.ts), for feedback while the user types. Its dictionaries are large, so this
 * module is imported only when a form needs it.
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

export type Strength = {
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestion: string | null;
};

export function estimateStrength(password: string, userInputs: string[]): Strength {
  const { score, feedback } = zxcvbn.check(password.slice(0, 100), userInputs);
  return { score, warning: feedback.warning, suggestion: feedback.suggestions[0] ?? null };
}
