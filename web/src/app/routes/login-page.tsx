import { Anchor } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CenteredPage } from '@/components/centered-page';
import { LoginForm } from '@/features/auth';
import { useInstance } from '@/lib/instance';
import { safeNextPath } from '@/lib/safe-redirect';

export function LoginPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNextPath(searchParams.get('next'));
  useDocumentTitle('Log in · Switchboard');
  const mailEnabled = useInstance().data?.mail.enabled === true;

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
      {mailEnabled && (
        <Anchor component={Link} to="/forgot-password" size="sm" mt="md" display="block">
          Forgot your password?
        </Anchor>
      )}
    </CenteredPage>
  );
}
