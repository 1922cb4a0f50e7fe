import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { AppError } from '../errors.js';

/**
 * zxcvbn's score 3: "safely unguessable", about 10⁸ guesses or more. Below it are the common
 * passwords (its 40,000-word list and their variants), repeats, sequences and keyboard walks.
 */
export const MIN_PASSWORD_SCORE = 3;

/** The estimator's cost grows with the length; past this many characters it looks no further. */
const ESTIMATED_LENGTH = 100;

let estimator: ZxcvbnFactory | undefined;
function zxcvbn() {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator;
}

/** What makes a new password too easy to guess, in a sentence, or null when it is strong enough. */
export function passwordWeakness(
  password: string,
  user: { email?: string | undefined; name?: string | undefined },
): string | null {
  const lower = password.toLowerCase();
  const email = user.email?.trim().toLowerCase() ?? '';
  const localPart = email.split('@')[0] ?? '';
  if (localPart.length >= 3 && lower.includes(localPart)) {
    return 'must not contain your email address';
  }
  const inputs = [email, localPart, ...(user.name?.toLowerCase().split(/\s+/) ?? [])].filter(
    (input) => input.length >= 3,
  );
  const result = zxcvbn().check(password.slice(0, ESTIMATED_LENGTH), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const reason = result.feedback.warning ?? 'This password is too easy to guess.';
  const hint = result.feedback.suggestions[0] ?? 'Add another word or two.';
  return `is too easy to guess: ${reason} ${hint}`;
}

/** Throws 400 `validation_failed` on `path` when the new password is too easy to guess. */
export function requireStrongPassword(
  password: string,
  user: { email?: string | undefined; name?: string | undefined },
  path: string,
): void {
  const weakness = passwordWeakness(password, user);
  if (weakness) {
    throw new AppError('validation_failed', `The new password ${weakness}`, {
      errors: [{ path, message: weakness }],
    });
  }
}
