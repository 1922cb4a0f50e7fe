import { useState, type ReactNode } from 'react';
import { errorMessage } from '@/lib/api/errors';
import { ConfirmDialog } from './confirm-dialog';

/** What `useConfirmAction` uses of a TanStack mutation. */
type MutationLike<Variables, Result> = {
  mutateAsync: (variables: Variables) => Promise<Result>;
  reset: () => void;
  isPending: boolean;
  error: unknown;
};

/** A text of the dialog: the same for every target, or one for each. */
type PerTarget<Target> = string | ((target: Target) => string);

type ConfirmActionOptions<Target, Variables, Result> = {
  mutation: MutationLike<Variables, Result>;
  variables: (target: Target) => Variables;
  title: PerTarget<Target>;
  confirmLabel: PerTarget<Target>;
  /** The confirm button's colour; red by default. */
  confirmColor?: PerTarget<Target>;
  cancelLabel?: string;
  /** The consequences, in the dialog's body. */
  message: (target: Target) => ReactNode;
  /** After the server accepted, as the dialog closes (a notification, a navigation). */
  onDone?: (result: Result, target: Target) => void;
};

/**
 * Confirm, then run: `ask(target)` opens a dialog that names the consequences; confirming runs
 * the mutation, keeps the dialog open while it runs and shows a failure in place. Render `dialog`
 * where it outlives the rows that ask (a row may be gone once the change is applied).
 */
export function useConfirmAction<Target, Variables, Result>(
  options: ConfirmActionOptions<Target, Variables, Result>,
) {
  const { mutation } = options;
  // The target stays after closing, so the text does not blank out during the exit transition.
  const [state, setState] = useState<{ target: Target | null; opened: boolean }>({
    target: null,
    opened: false,
  });
  const close = () => setState((previous) => ({ ...previous, opened: false }));

  const ask = (target: Target) => {
    mutation.reset();
    setState({ target, opened: true });
  };

  const confirm = () => {
    const { target } = state;
    if (target === null) return;
    // The promise, not mutate's callbacks: those do not run once the asking component unmounts.
    mutation.mutateAsync(options.variables(target)).then(
      (result) => {
        close();
        options.onDone?.(result, target);
      },
      // The dialog shows the mutation's error.
      () => {},
    );
  };

  const { target } = state;
  // Empty while no target was asked for (the dialog is closed then).
  const text = (value: PerTarget<Target> | undefined) =>
    typeof value !== 'function' ? value : target === null ? undefined : value(target);
  const dialog = (
    <ConfirmDialog
      opened={state.opened}
      title={target === null ? '' : (text(options.title) ?? '')}
      confirmLabel={text(options.confirmLabel) ?? ''}
      confirmColor={text(options.confirmColor)}
      cancelLabel={options.cancelLabel}
      onConfirm={confirm}
      onClose={close}
      loading={mutation.isPending}
      error={mutation.error ? errorMessage(mutation.error) : null}
    >
      {target !== null && options.message(target)}
    </ConfirmDialog>
  );
  return { ask, dialog };
}
