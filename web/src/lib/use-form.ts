import { useRef, useState, type FormEvent } from 'react';
import { isApiError, type ApiError } from './api/errors';

/** Error messages by key: a field's name, or a key a form defines (`variables.<name>`, …). */
export type FormErrors = Record<string, string | undefined>;
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
 * its segments without the `body` container.
 */
export function pathSegments(path: string): string[] {
  return path.split(/[./[\]]/).filter((segment) => segment !== '' && segment !== 'body');
}

type UseFormOptions<T> = {
  initialValues: T | (() => T);
  /** Per field (also run on blur once the field was edited), or one function over the form. */
  validate?: FormValidators<T> | ((values: T) => FormErrors);
  /** The error a change of this field clears, where that is not the field's own. */
  errorKeyOf?: (field: keyof T) => string;
  /**
   * The error key a server field error belongs to (given the values that were sent); by default
   * its first segment, if a field.
   */
  serverErrorKey?: (segments: string[], values: T) => string | undefined;
  /**
   * The message above the form for a server error, given what its field errors matched; by
   * default its detail and the field errors no field shows, or none when every one is shown.
   */
  serverFormError?: (error: ApiError, fields: ServerFieldErrors) => string | null;
};

/** How the field errors of a server error were placed: how many by a field, and the others. */
export type ServerFieldErrors = { matched: number; unmatched: string[] };

function defaultServerFormError(error: ApiError, { matched, unmatched }: ServerFieldErrors) {
  if (matched > 0 && unmatched.length === 0) return null;
  return [error.detail ?? error.title, ...unmatched].join(' ');
}

/**
 * A `serverFormError` that says the server's detail without repeating the field errors no field
 * shows; none when every field error is shown at its field.
 */
export function serverDetailOnly(error: ApiError, { matched, unmatched }: ServerFieldErrors) {
  return matched > 0 && unmatched.length === 0 ? null : (error.detail ?? error.title);
}

/**
 * Controlled form state for Mantine inputs: validation on submit (and on blur once a field was
 * edited), per-field errors, a form-level error, and mapping of problem+json errors to fields.
 * The one form approach of the web app: every form, small or large, keeps its state here.
 */
export function useForm<T extends Record<string, unknown>>(options: UseFormOptions<T>) {
  const [values, setValuesState] = useState<T>(options.initialValues);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement | null>(null);
  const initialRef = useRef(values);
  const { validate } = options;
  const errorKeyOf = options.errorKeyOf ?? ((field: keyof T) => String(field));

  const fieldError = <K extends keyof T>(field: K, current: T): string | null =>
    typeof validate === 'object' ? (validate[field]?.(current[field], current) ?? null) : null;

  const clearError = (key: string) =>
    setErrors((previous) => (previous[key] ? { ...previous, [key]: undefined } : previous));

  const setFieldValue = <K extends keyof T>(field: K, value: T[K]) => {
    setValuesState((previous) => ({ ...previous, [field]: value }));
    clearError(errorKeyOf(field));
  };

  /** Several fields at once, from the current values (errors are the caller's to clear). */
  const setValues = (update: (previous: T) => T) => setValuesState(update);

  const setFieldError = (key: string, message: string | undefined) =>
    setErrors((previous) => ({ ...previous, [key]: message }));

  /** Clears the errors whose key `which` accepts, or all of them. */
  const clearErrors = (which?: (key: string) => boolean) =>
    setErrors((previous) =>
      which ? Object.fromEntries(Object.entries(previous).filter(([key]) => !which(key))) : {},
    );

  const focusFirstInvalid = () => {
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };

  /** Checks every field, shows what is wrong and focuses the first invalid input. */
  const validateAll = (): boolean => {
    let next: FormErrors = {};
    if (typeof validate === 'function') next = validate(values);
    else if (validate) {
      for (const field of Object.keys(validate) as (keyof T)[]) {
        const message = fieldError(field, values);
        if (message) next[String(field)] = message;
      }
    }
    setErrors(next);
    setFormError(null);
    const valid = Object.values(next).every((message) => !message);
    if (!valid) focusFirstInvalid();
    return valid;
  };

  const getInputProps = <K extends keyof T>(field: K) => ({
    value: values[field],
    error: errors[String(field)],
    onChange: (input: unknown) => setFieldValue(field, readChangeValue(input) as T[K]),
    onBlur: () => {
      if (values[field] === initialRef.current[field]) return;
      const message = fieldError(field, values);
      if (message) setFieldError(String(field), message);
    },
  });

  /** `ref` of the form element, for focusing the first invalid input outside a submit. */
  const bindForm = (element: HTMLFormElement | null) => {
    formRef.current = element;
  };

  const onSubmit = (handler: (values: T) => void) => (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    formRef.current = event.currentTarget;
    if (validateAll()) handler(values);
  };

  /** Shows an API failure: field errors next to their inputs, the rest above the form. */
  const setServerError = (error: unknown) => {
    if (!isApiError(error)) {
      setFormError('Something went wrong. Please try again.');
      return;
    }
    const keyOf =
      options.serverErrorKey ??
      ((segments: string[]) => (segments[0] && segments[0] in values ? segments[0] : undefined));
    const next: FormErrors = {};
    const unmatched: string[] = [];
    for (const { path, message } of error.fieldErrors) {
      const key = keyOf(pathSegments(path), values);
      if (key) next[key] ??= message;
      else unmatched.push(message);
    }
    setErrors(next);
    const matched = error.fieldErrors.length - unmatched.length;
    setFormError(
      (options.serverFormError ?? defaultServerFormError)(error, { matched, unmatched }),
    );
    if (matched > 0) focusFirstInvalid();
  };

  return {
    values,
    errors,
    formError,
    bindForm,
    getInputProps,
    onSubmit,
    validate: validateAll,
    setFieldValue,
    setValues,
    setFieldError,
    clearError,
    clearErrors,
    setFormError,
    setServerError,
  };
}

/** What `useForm` returns, for the parts of a large form that get it as a prop. */
export type FormState<T extends Record<string, unknown>> = ReturnType<typeof useForm<T>>;
