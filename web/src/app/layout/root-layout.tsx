import { Outlet } from 'react-router';
import { NavigationProgress } from './navigation-progress';

/** Every page, signed in or not: the page, and a progress bar while the next one loads. */
export function RootLayout() {
  return (
    <>
      <NavigationProgress />
      <Outlet />
    </>
  );
}
