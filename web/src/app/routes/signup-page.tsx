import { Anchor } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate } from 'react-router';
import { CenteredPage } from '@/components/centered-page';
import { SignupForm } from '@/features/auth';

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
          notifications.show({ color: 'teal', title: 'Welcome to Switchboard', message: org.name });
          void navigate(`/orgs/${org.id}`, { replace: true });
        }}
      />
    </CenteredPage>
  );
}
