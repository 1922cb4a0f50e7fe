import { Button, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { FormState } from '@/lib/use-form';
import { FormError } from './form-error';

type FormFrameProps<T extends Record<string, unknown>> = {
  form: Pick<FormState<T>, 'bindForm' | 'onSubmit' | 'formError'>;
  /** Runs with the values once every field is valid. */
  onSubmit: (values: T) => void;
  /** Shown above the fields instead of the form's error (an alert that says more). */
  alert?: ReactNode;
  'aria-label'?: string;
  children: ReactNode;
};

/**
 * A `useForm` form as the app lays it out: the form-level error above the fields, validation on
 * submit without the browser's own bubbles.
 */
export function FormFrame<T extends Record<string, unknown>>(props: FormFrameProps<T>) {
  const { form, onSubmit, alert, children } = props;
  // Bound apart: the element, for focusing the first invalid field after a server error.
  const { bindForm, ...state } = form;
  return (
    <form
      ref={bindForm}
      onSubmit={state.onSubmit(onSubmit)}
      noValidate
      aria-label={props['aria-label']}
    >
      <Stack>
        {alert ?? <FormError message={state.formError} />}
        {children}
      </Stack>
    </form>
  );
}

type FormActionsProps = {
  submitLabel: ReactNode;
  /** The request is running: the submit button spins. */
  pending: boolean;
  onCancel?: () => void;
  /** Cancel waits for the running request. */
  lockCancel?: boolean;
  /** On the left, e.g. "Add a row". */
  extra?: ReactNode;
};

/** Cancel and submit, at the end of a form. */
export function FormActions({
  submitLabel,
  pending,
  onCancel,
  lockCancel,
  extra,
}: FormActionsProps) {
  const buttons = (
    <>
      {onCancel && (
        <Button variant="default" onClick={onCancel} disabled={lockCancel && pending}>
          Cancel
        </Button>
      )}
      <Button type="submit" loading={pending}>
        {submitLabel}
      </Button>
    </>
  );
  if (!extra) return <Group justify="flex-end">{buttons}</Group>;
  return (
    <Group justify="space-between">
      {extra}
      <Group>{buttons}</Group>
    </Group>
  );
}
