import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle, IconMailCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyField } from '@/components/copy-field';
import { FormActions, FormFrame } from '@/components/form-frame';
import { formatDateTime } from '@/lib/format';
import { notifyDone } from '@/lib/notify';
import { assignableRoles, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role } from '@/lib/roles';
import { useForm } from '@/lib/use-form';
import { emailAddress } from '@/lib/validators';
import { useCreateInvitation, type CreatedInvitation } from '../api/create-invitation';

type InviteMemberModalProps = {
  orgId: string;
  orgName: string;
  viewerRole: Role;
  opened: boolean;
  onClose: () => void;
};

export function InviteMemberModal({ opened, onClose, ...props }: InviteMemberModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Invite a member" size="lg">
      {/* Modal content unmounts once closed, so every opening starts with an empty form. */}
      <InviteMemberFlow {...props} onClose={onClose} />
    </Modal>
  );
}

function InviteMemberFlow(props: Omit<InviteMemberModalProps, 'opened'>) {
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  if (created) {
    return (
      <InvitationCreated
        invitation={created}
        orgName={props.orgName}
        onInviteAnother={() => setCreated(null)}
        onClose={props.onClose}
      />
    );
  }
  return <InviteMemberForm {...props} onCreated={setCreated} />;
}

function InviteMemberForm({
  orgId,
  viewerRole,
  onClose,
  onCreated,
}: Omit<InviteMemberModalProps, 'opened' | 'orgName'> & {
  onCreated: (invitation: CreatedInvitation) => void;
}) {
  const createInvitation = useCreateInvitation(orgId);
  const roles = assignableRoles(viewerRole);
  const form = useForm({
    initialValues: { email: '', role: 'member' as string },
    validate: {
      email: emailAddress,
      role: (value) => (roles.some((role) => role === value) ? null : 'Choose a role'),
    },
  });

  const submit = (values: typeof form.values) => {
    const role = roles.find((candidate) => candidate === values.role);
    if (!role) return;
    createInvitation.mutate(
      { email: values.email.trim(), role },
      {
        onSuccess: (invitation) => {
          notifyDone('Invitation created', `Share the link with ${invitation.email}.`);
          onCreated(invitation);
        },
        onError: (error) => form.setServerError(error),
      },
    );
  };

  return (
    <FormFrame form={form} onSubmit={submit}>
      <TextInput
        label="Email address"
        type="email"
        placeholder="teammate@example.com"
        autoComplete="off"
        required
        data-autofocus
        {...form.getInputProps('email')}
      />
      <Radio.Group label="Role" required {...form.getInputProps('role')}>
        <Stack gap="xs" mt="xs">
          {roles.map((role) => (
            <Radio
              key={role}
              value={role}
              label={ROLE_LABELS[role]}
              description={ROLE_DESCRIPTIONS[role]}
            />
          ))}
        </Stack>
      </Radio.Group>
      <FormActions
        submitLabel="Create invitation"
        pending={createInvitation.isPending}
        onCancel={onClose}
      />
    </FormFrame>
  );
}

type InvitationCreatedProps = {
  invitation: CreatedInvitation;
  orgName: string;
  onInviteAnother: () => void;
  onClose: () => void;
};

function InvitationCreated({
  invitation,
  orgName,
  onInviteAnother,
  onClose,
}: InvitationCreatedProps) {
  return (
    <Stack>
      <Text size="sm">
        <b>{invitation.email}</b> is invited to join <b>{orgName}</b> as{' '}
        {ROLE_LABELS[invitation.role].toLowerCase()}.
      </Text>
      {invitation.acceptUrl ? (
        <>
          {invitation.emailed ? (
            <Alert color="teal" icon={<IconMailCheck size={18} />} variant="light">
              We emailed the invitation to {invitation.email}. It works once and expires on{' '}
              {formatDateTime(invitation.expiresAt)}. You can also share the link yourself.
            </Alert>
          ) : (
            <Alert color="blue" icon={<IconInfoCircle size={18} />} variant="light">
              This server does not send email. Copy this link and send it to {invitation.email}{' '}
              yourself. It works once and expires on {formatDateTime(invitation.expiresAt)}.
            </Alert>
          )}
          <CopyField label="Invitation link" value={invitation.acceptUrl} />
        </>
      ) : (
        // The server returns the link only on creation; without it there is nothing to share.
        <Alert color="yellow" icon={<IconInfoCircle size={18} />} variant="light">
          The server did not return an invitation link. Revoke this invitation and try again.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onInviteAnother}>
          Invite another
        </Button>
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}
