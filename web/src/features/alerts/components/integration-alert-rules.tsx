import { Button, Collapse, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useId } from 'react';
import { AlertRulesList } from './alert-rules-list';

type Props = { orgId: string; integrationId: string; integrationName: string; admin: boolean };

/** An integration's alert rules, folded away under its card until asked for. */
export function IntegrationAlertRules({ orgId, integrationId, integrationName, admin }: Props) {
  const [opened, { toggle }] = useDisclosure(false);
  const regionId = useId();
  const Chevron = opened ? IconChevronDown : IconChevronRight;
  return (
    <Stack gap="xs">
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<Chevron size={16} />}
        onClick={toggle}
        aria-expanded={opened}
        aria-controls={regionId}
        aria-label={`Alert rules of ${integrationName}`}
        style={{ alignSelf: 'flex-start' }}
      >
        Alert rules
      </Button>
      <Collapse expanded={opened} id={regionId}>
        {opened && <AlertRulesList orgId={orgId} admin={admin} integrationId={integrationId} />}
      </Collapse>
    </Stack>
  );
}
