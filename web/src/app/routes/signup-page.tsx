import { Anchor } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useNavigate } from 'react-router';
import { CenteredPage } from '@/components/centered-page';
import { SignupForm } from '@/features/auth';
import { notifyDone } from '@/lib/notify';

export function SignupPage() {
  const navigate = useNavigate();
  useDocumentTitle('Create your account · Switchboard');

  return (
    <CenteredPage
      title="Create your account"
      description="Start with your own organization; invite your team next."
      footer={
        <>
          Already have an account?{' '}
          <Anchor component={Link} to="/login">
            Log in
          </Anchor>
        </>
      }
    >
      <SignupForm
        onSuccess={({ org }) => {
          notifyDone('Welcome to Switchboard', org.name);
          void navigate(`/orgs/${org.id}`, { replace: true });
        }}
      />
    </CenteredPage>
  );
}
