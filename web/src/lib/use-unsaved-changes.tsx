import { useEffect, useRef } from 'react';
import { useBlocker } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';

/**
 * Keeps unsaved work from being lost: while `dirty`, leaving the page inside the app asks first
 * (a router blocker and its dialog, which the caller renders), and closing or reloading the tab
 * gets the browser's own prompt (`beforeunload`). `allowNavigation()` lets the next navigation
 * through, for the one a save makes.
 */
export function useUnsavedChanges(dirty: boolean) {
  const allowed = useRef(false);
  useEffect(() => {
    // A new edit after a save: guarded again.
    if (dirty) allowed.current = false;
  }, [dirty]);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !allowed.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const dialog = (
    <ConfirmDialog
      opened={blocker.state === 'blocked'}
      title="Leave without saving?"
      confirmLabel="Leave without saving"
      cancelLabel="Stay"
      onConfirm={() => blocker.proceed?.()}
      onClose={() => blocker.reset?.()}
    >
      Your changes on this page are not saved. Leaving discards them.
    </ConfirmDialog>
  );
  return {
    dialog,
    allowNavigation: () => {
      allowed.current = true;
    },
  };
}
