import classes from './skip-link.module.css';

/** First tab stop on app pages: jumps past the header and navigation. */
export function SkipLink({ targetId }: { targetId: string }) {
  return (
    <a className={classes.link} href={`#${targetId}`}>
      Skip to main content
    </a>
  );
}
