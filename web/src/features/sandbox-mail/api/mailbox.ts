import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { fetchJson } from '@/lib/api/client';
import { PAGE_SIZE, pagedQueryOptions } from '@/lib/api/pagination';

/** The sandbox's routes are not in the OpenAPI document (they exist only with the sandbox on). */
export type MailSummary = {
  id: string;
  from: string;
  to: string;
  subject: string;
  createdAt: string;
};
export type Mail = MailSummary & { text: string; html: string | null };
type MailPage = { items: MailSummary[]; nextCursor: string | null };

const mailboxKey = ['sandbox-mail'] as const;
/** New mail shows up on its own while the page is open (a just-sent invitation). */
const REFRESH_MS = 3_000;

export const useMailbox = (to: string) =>
  useInfiniteQuery({
    ...pagedQueryOptions([...mailboxKey, 'list', to], (cursor) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (to) query.set('to', to);
      if (cursor) query.set('cursor', cursor);
      return fetchJson<MailPage>(`/sandbox/_mail?${query.toString()}`);
    }),
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });

export const useMail = (mailId: string) =>
  useQuery({
    queryKey: [...mailboxKey, 'mail', mailId],
    queryFn: () => fetchJson<Mail>(`/sandbox/_mail/${encodeURIComponent(mailId)}`),
  });

export function useClearMailbox() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<undefined>('/sandbox/_mail', 'DELETE'),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailboxKey }),
  });
}
