import { ColorInput, NumberInput, SimpleGrid, Text, TextInput } from '@mantine/core';
import { FormActions, FormFrame } from '@/components/form-frame';
import { TimeZoneSelect } from '@/components/time-zone-select';
import { notifyDone } from '@/lib/notify';
import { useForm } from '@/lib/use-form';
import { requiredText } from '@/lib/validators';
import type { OrgSettings } from '../api/get-settings';
import { useUpdateSettings } from '../api/update-settings';

type OrgSettingsFormProps = {
  orgId: string;
  settings: OrgSettings;
  /** Admins edit; everyone else sees the values read-only. */
  canEdit: boolean;
  /** After a save (e.g. to refresh the org name in the session). */
  onSaved?: () => unknown;
};

const REGION_RE = /^[A-Za-z]{2}$/;
const COLOR_RE = /^#[0-9A-Fa-f]{6}$/;

export function OrgSettingsForm({ orgId, settings, canEdit, onSaved }: OrgSettingsFormProps) {
  const mutation = useUpdateSettings(orgId, onSaved);
  const form = useForm({
    initialValues: {
      name: settings.name,
      defaultTimezone: settings.defaultTimezone,
      defaultPhoneRegion: settings.defaultPhoneRegion ?? '',
      smsMaxSegments: settings.smsMaxSegments as number | string,
      senderName: settings.senderName ?? '',
      brandColor: settings.brandColor ?? '',
    },
    validate: {
      name: requiredText('Organization name', 120),
      defaultTimezone: (v) => (v ? null : 'Choose a time zone'),
      defaultPhoneRegion: (v) =>
        v === '' || REGION_RE.test(v.trim()) ? null : 'Enter a two-letter country code, like DE',
      smsMaxSegments: (v) =>
        Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 10
          ? null
          : 'Choose between 1 and 10 segments',
      senderName: (v) => (v.trim().length > 120 ? 'At most 120 characters' : null),
      brandColor: (v) => (v === '' || COLOR_RE.test(v) ? null : 'Enter a colour as #rrggbb'),
    },
  });

  const submit = (values: typeof form.values) =>
    mutation.mutate(
      {
        name: values.name.trim(),
        defaultTimezone: values.defaultTimezone,
        defaultPhoneRegion: values.defaultPhoneRegion.trim().toUpperCase() || null,
        smsMaxSegments: Number(values.smsMaxSegments),
        senderName: values.senderName.trim() || null,
        brandColor: values.brandColor || null,
      },
      {
        onSuccess: () => notifyDone('Settings saved', 'The organization settings were updated.'),
        onError: (error) => form.setServerError(error),
      },
    );

  const readOnly = !canEdit;
  return (
    <FormFrame form={form} onSubmit={submit} aria-label="Organization settings">
      {readOnly && (
        <Text size="sm" c="dimmed">
          Only owners and admins can change these settings.
        </Text>
      )}
      <TextInput
        label="Organization name"
        autoComplete="organization"
        required
        readOnly={readOnly}
        {...form.getInputProps('name')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TimeZoneSelect
          label="Default time zone"
          description="Dates are shown in it unless a member picks their own"
          required
          readOnly={readOnly}
          {...form.getInputProps('defaultTimezone')}
          onChange={(value) => form.setFieldValue('defaultTimezone', value ?? '')}
        />
        <TextInput
          label="Default phone region"
          description="For numbers written without +country code (e.g. DE, US)"
          maxLength={2}
          readOnly={readOnly}
          {...form.getInputProps('defaultPhoneRegion')}
        />
        <NumberInput
          label="SMS segment limit"
          description="The most segments an SMS template may render to"
          min={1}
          max={10}
          allowDecimal={false}
          required
          readOnly={readOnly}
          {...form.getInputProps('smsMaxSegments')}
        />
        <TextInput
          label="Sender name"
          description="How your messages are signed"
          readOnly={readOnly}
          {...form.getInputProps('senderName')}
        />
        <ColorInput
          label="Brand colour"
          description="Used in the app header and on unsubscribe pages"
          format="hex"
          eyeDropperButtonProps={{ 'aria-label': 'Pick the colour from the screen' }}
          placeholder="#1c7ed6"
          readOnly={readOnly}
          {...form.getInputProps('brandColor')}
        />
      </SimpleGrid>
      {canEdit && <FormActions submitLabel="Save settings" pending={mutation.isPending} />}
    </FormFrame>
  );
}
