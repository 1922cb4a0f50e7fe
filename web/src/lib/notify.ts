import { notifications } from '@mantine/notifications';
import { errorMessage } from './api/errors';

/** A change went through: what, and to what. */
export function notifyDone(title: string, message: string) {
  notifications.show({ color: 'teal', title, message });
}

/** `onError` of an action without a form to show its failure in: what failed, and why. */
export const notifyError = (title: string) => (error: unknown) =>
  notifications.show({ color: 'red', title, message: errorMessage(error) });
