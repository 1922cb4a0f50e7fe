import { isApiError } from '@/lib/api/errors';

/** What a rejected range means, by the server's code; other codes show the server's detail. */
const RANGE_ERRORS: Record<string, string> = {
  range_inverted: 'The start of the range is after its end. Pick a start before the end.',
  invalid_timezone: 'That time zone is not known. Pick one from the list.',
  range_too_many_buckets: 'This range has too many points to chart. Pick a shorter range.',
};

/** The sentence to show by the range picker when the server refused the range (422), or null. */
export function rangeErrorMessage(error: unknown): string | null {
  if (!isApiError(error) || error.status !== 422) return null;
  const known = RANGE_ERRORS[error.code];
  if (known) return known;
  const fields = error.fieldErrors.map((e) => (e.path ? `${e.path} ${e.message}` : e.message));
  return fields.length ? fields.join('; ') : (error.detail ?? error.title);
}
