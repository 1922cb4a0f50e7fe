import { Progress, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigation } from 'react-router';

/** Quick navigations (a cached page chunk, a fast loader) should not flash a bar. */
const SHOW_AFTER_MS = 150;

/**
 * While the next page's code or data loads, the current page stays on screen: this thin bar at
 * the top of the window (and a status message for screen readers) says something is happening.
 */
export function NavigationProgress() {
  const loading = useNavigation().state === 'loading';
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    if (!loading) return;
    const timer = window.setTimeout(() => setVisible(true), SHOW_AFTER_MS);
    return () => {
      window.clearTimeout(timer);
      setVisible(false);
    };
  }, [loading]);

  if (!visible) return null;
  return (
    <>
      <Progress
        value={100}
        animated
        size={3}
        radius={0}
        pos="fixed"
        top={0}
        left={0}
        right={0}
        style={{ zIndex: 1000 }}
        aria-hidden
      />
      <VisuallyHidden role="status">Loading the page…</VisuallyHidden>
    </>
  );
}
