import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useId, useRef } from 'react';
import { validationBody } from '../api/validate-template';
import type { TemplateDraft } from '../api/types';
import classes from './email-preview-frame.module.css';

/**
 * The rendered email as its recipients see it: the draft is posted as a form into a sandboxed
 * frame, which the server answers with the rendered HTML under a policy of its own (inline
 * styles and images allowed, no scripts). Our own page's policy would block the email's styles.
 */
export function EmailPreviewFrame(props: {
  orgId: string;
  draft: TemplateDraft;
  sampleValues: Record<string, unknown>;
}) {
  const name = `email-preview-${useId().replace(/[^\w-]/g, '')}`;
  const form = useRef<HTMLFormElement>(null);
  const [draft] = useDebouncedValue(
    JSON.stringify(validationBody(props.draft, props.sampleValues)),
    300,
  );
  useEffect(() => {
    form.current?.submit();
  }, [draft]);
  return (
    <>
      <form
        ref={form}
        method="post"
        action={`/api/v1/orgs/${props.orgId}/templates/preview-frame`}
        target={name}
        hidden
      >
        <input type="hidden" name="draft" value={draft} />
      </form>
      {/* A fresh frame per draft: navigating away from a new frame replaces its history entry, so
          previews do not pile up behind the browser's Back button. */}
      <iframe key={draft} name={name} title="Email preview" sandbox="" className={classes.frame} />
    </>
  );
}
