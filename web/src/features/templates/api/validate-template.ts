import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { api, unwrap } from '@/lib/api/client';
import { isApiError } from '@/lib/api/errors';
import { templatesQueryKey } from './list-templates';
import type { TemplateDraft } from './types';

/** The body of `/templates/validate` (and of the email preview frame's `draft` field). */
export function validationBody(draft: TemplateDraft, sampleValues: Record<string, unknown>) {
  return {
    channel: draft.channel,
    body: draft.body,
    variables: draft.variables,
    sampleValues,
    ...(draft.channel === 'email' && { subject: draft.subject, text: draft.text || null }),
  };
}

export function validateTemplate(
  orgId: string,
  draft: TemplateDraft,
  sampleValues: Record<string, unknown>,
) {
  return unwrap(
    api.POST('/api/v1/orgs/{orgId}/templates/validate', {
      params: { path: { orgId } },
      body: validationBody(draft, sampleValues),
    }),
  );
}

/** The server's template threads are all taken (429 `render_busy`): worth asking again soon. */
const BUSY_RETRIES = 5;
const isBusy = (error: unknown) => isApiError(error) && error.code === 'render_busy';

/**
 * Validates (and previews) the draft as the author types, 300 ms after the last keystroke. A busy
 * answer is asked again a second later (the server's Retry-After), a few times, before it shows.
 */
export function useLiveValidation(
  orgId: string,
  draft: TemplateDraft,
  sampleValues: Record<string, unknown>,
) {
  const [debounced] = useDebouncedValue({ draft, sampleValues }, 300);
  const query = useQuery({
    queryKey: [...templatesQueryKey(orgId), 'validate', debounced],
    queryFn: () => validateTemplate(orgId, debounced.draft, debounced.sampleValues),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: (failures, error) => isBusy(error) && failures < BUSY_RETRIES,
    retryDelay: 1000,
  });
  const settled = debounced.draft === draft && debounced.sampleValues === sampleValues;
  return { ...query, validating: !settled || query.isFetching };
}
