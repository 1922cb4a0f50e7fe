import { Anchor } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CenteredPage } from '@/components/centered-page';
import { LoginForm } from '@/features/auth';
import { safeNextPath } from '@/lib/safe-redirect';

export function LoginPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(searchParams.get('next'));
  useDocumentTitle('Log in · Switchboard');

  return (
    <CenteredPage
      title="Log in"
      description="Welcome back to Switchboard."
      footer={
        <>
          New to Switchboard?{' '}
          <Anchor component={Link} to="/signup">
            Create an account
          </Anchor>
        </>
      }
    >
      <LoginForm
        defaultEmail={searchParams.get('email') ?? ''}
        onSuccess={() => void navigate(next, { replace: true })}
      />
    </CenteredPage>
  );
}
