import { useEffect, useState } from 'react';
import type { Strength } from './estimate-strength';
import { MIN_PASSWORD_LENGTH } from '@/lib/validators';

/** The server's bar: zxcvbn's score 3, "safely unguessable". */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordStrength = {
  /** 0–4, or null while the estimator loads or the password is too short to judge. */
  score: Strength['score'] | null;
  /** Why the password would be refused, as the server words it; null when it would pass. */
  weakness: string | null;
};

/**
 * How guessable a new password is, as the user types: the server's rules (no part of the email,
 * zxcvbn score 3 or more) with its reasons, so the form can say what to change before submitting.
 */
export function usePasswordStrength(
  password: string,
  user: { email: string; name: string },
): PasswordStrength {
  const [estimate, setEstimate] = useState<{ password: string; strength: Strength } | null>(null);
  const email = user.email.trim().toLowerCase();
  const localPart = email.split('@')[0] ?? '';
  const name = user.name.toLowerCase();

  useEffect(() => {
    if (password.length < MIN_PASSWORD_LENGTH) return;
    let current = true;
    void import('./estimate-strength').then(({ estimateStrength }) => {
      const inputs = [email, localPart, ...name.split(/\s+/)].filter((s) => s.length >= 3);
      if (current) setEstimate({ password, strength: estimateStrength(password, inputs) });
    });
    return () => {
      current = false;
    };
  }, [password, email, localPart, name]);

  if (password.length < MIN_PASSWORD_LENGTH) return { score: null, weakness: null };
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart)) {
    return { score: 0, weakness: 'Password must not contain your email address' };
  }
  if (estimate?.password !== password) return { score: null, weakness: null };
  const { score, warning, suggestion } = estimate.strength;
  if (score >= MIN_PASSWORD_SCORE) return { score, weakness: null };
  return {
    score,
    weakness: ['Password is too easy to guess.', warning, suggestion ?? 'Add another word or two.']
      .filter(Boolean)
      .join(' '),
  };
}
