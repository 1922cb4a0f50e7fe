import { redirect, type LoaderFunctionArgs } from 'react-router';
import { meQueryOptions } from '@/features/auth';
import { loginPathFor, safeNextPath } from '@/lib/safe-redirect';
import { queryClient } from './query-client';

function loadMe() {
  return queryClient.ensureQueryData(meQueryOptions());
}

/** `/`: the viewer's first organization, organization creation, or login. */
export async function startPageLoader() {
  const me = await loadMe();
  if (!me) return redirect('/login');
  const first = me.memberships[0];
  return redirect(first ? `/orgs/${first.org.id}` : '/orgs/new');
}

/** Signed-in pages: without a session, go to /login and come back afterwards. */
export async function requireSessionLoader({ request }: LoaderFunctionArgs) {
  const me = await loadMe();
  if (!me) throw redirect(loginPathFor(new URL(request.url)));
  return null;
}

/** /login and /signup: someone already signed in continues to where they were going. */
export async function guestOnlyLoader({ request }: LoaderFunctionArgs) {
  const me = await loadMe();
  if (me) throw redirect(safeNextPath(new URL(request.url).searchParams.get('next')));
  return null;
}
