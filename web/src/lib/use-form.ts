import { useRef, useState, type FormEvent } from 'react';
import { isApiError } from './api/errors';

type FieldErrors<T> = Partial<Record<keyof T, string>>;
export type FormValidators<T> = { [K in keyof T]?: (value: T[K], values: T) => string | null };

function readChangeValue(input: unknown): unknown {
  if (typeof input === 'object' && input !== null && 'currentTarget' in input) {
    const target = (input as { currentTarget: HTMLInputElement }).currentTarget;
    return target.type === 'checkbox' ? target.checked : target.value;
  }
  return input;
}

/**
 * Server field errors arrive as `errors[].path` (`email`, `body.email`, `/body/scopes/0`, …);
 * the first segment that is not the `body` container names the form field.
 */
function fieldFromPath(path: string): string | undefined {
  return path.split(/[./[\]]/).find((segment) => segment !== '' && segment !== 'body');
}

/**
 * Controlled form state for Mantine inputs: validation on submit (and on blur once a field was
 * edited), per-field errors, a form-level error, and mapping of problem+json errors to fields.
 * A small stand-in for @mantine/form, which is not a dependency of this project.
 */
export function useForm<T extends Record<string, unknown>>(options: {
  initialValues: T;
  validate?: FormValidators<T>;
}) {
  const [values, setValues] = useState<T>(options.initialValues);
  const [errors, setErrors] = useState<FieldErrors<T>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const validators: FormValidators<T> = options.validate ?? {};
  const initialRef = useRef(options.initialValues);

  const validateField = <K extends keyof T>(field: K, current: T): string | null =>
    validators[field]?.(current[field], current) ?? null;

  const setFieldValue = <K extends keyof T>(field: K, value: T[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setErrors((previous) => ({ ...previous, [field]: undefined }));
  };

  const focusFirstInvalid = () => {
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };

  const validateAll = (): boolean => {
    const next: FieldErrors<T> = {};
    for (const field of Object.keys(validators) as (keyof T)[]) {
      const message = validateField(field, values);
      if (message) next[field] = message;
    }
    setErrors(next);
    const valid = Object.keys(next).length === 0;
    if (!valid) focusFirstInvalid();
    return valid;
  };

  const getInputProps = <K extends keyof T>(field: K) => ({
    value: values[field],
    error: errors[field],
    onChange: (input: unknown) => setFieldValue(field, readChangeValue(input) as T[K]),
    onBlur: () => {
      if (values[field] === initialRef.current[field]) return;
      const message = validateField(field, values);
      if (message) setErrors((previous) => ({ ...previous, [field]: message }));
    },
  });

  const onSubmit = (handler: (values: T) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    formRef.current = event.currentTarget;
    setFormError(null);
    if (validateAll()) handler(values);
  };

  /** Shows an API failure: field errors next to their inputs, the rest above the form. */
  const setServerError = (error: unknown) => {
    if (!isApiError(error)) {
      setFormError('Something went wrong. Please try again.');
      return;
    }
    const next: FieldErrors<T> = {};
    const unmatched: string[] = [];
    for (const fieldError of error.fieldErrors) {
      const field = fieldFromPath(fieldError.path);
      if (field && field in values) next[field as keyof T] ??= fieldError.message;
      else unmatched.push(fieldError.message);
    }
    setErrors(next);
    const hasFieldErrors = Object.keys(next).length > 0;
    setFormError(
      hasFieldErrors && unmatched.length === 0
        ? null
        : [error.detail ?? error.title, ...unmatched].join(' '),
    );
    if (hasFieldErrors) focusFirstInvalid();
  };

  return { formError, getInputProps, onSubmit, setServerError };
}
