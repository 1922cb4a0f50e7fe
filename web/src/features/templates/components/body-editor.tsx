import { Box, Input, Stack, Text, UnstyledButton } from '@mantine/core';
import { useId, useRef, type UIEvent } from 'react';
import type { TemplateIssue } from '../api/types';
import classes from './body-editor.module.css';

type BodyEditorProps = {
  label: string;
  description?: string;
  value: string;
  onChange: (value: string) => void;
  /** Errors and warnings for this part; those with a line get a marker in the gutter. */
  issues: TemplateIssue[];
  readOnly?: boolean;
  minRows?: number;
};

/** Offset in `text` of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/**
 * A plain textarea with a line-number gutter: lines with a problem are marked, and each problem
 * below is a button that puts the cursor where the text is at fault.
 */
export function BodyEditor(props: BodyEditorProps) {
  const { label, description, value, onChange, issues, readOnly, minRows = 8 } = props;
  const id = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const lines = value.split('\n').length;
  const rows = Math.max(minRows, Math.min(lines + 1, 30));
  const byLine = new Map<number, TemplateIssue[]>();
  for (const issue of issues) {
    if (issue.line !== undefined)
      byLine.set(issue.line, [...(byLine.get(issue.line) ?? []), issue]);
  }
  const hasError = issues.length > 0;

  const jumpTo = (issue: TemplateIssue) => {
    const el = textarea.current;
    if (!el || issue.line === undefined) return;
    const offset = offsetOf(value, issue.line, issue.column ?? 1);
    el.focus();
    el.setSelectionRange(offset, offset);
  };
  const syncScroll = (event: UIEvent<HTMLTextAreaElement>) => {
    if (gutter.current) gutter.current.scrollTop = event.currentTarget.scrollTop;
  };

  return (
    <Input.Wrapper label={label} description={description} id={id}>
      <Box className={classes.frame} data-error={hasError || undefined}>
        <div className={classes.gutter} ref={gutter} aria-hidden>
          {Array.from({ length: Math.max(lines, rows) }, (_, i) => {
            const marked = byLine.get(i + 1);
            return (
              <div
                key={i}
                className={classes.lineNumber}
                data-marked={marked ? 'true' : undefined}
                title={marked?.map((m) => m.message).join('\n')}
              >
                {i < lines ? i + 1 : ''}
              </div>
            );
          })}
        </div>
        <textarea
          id={id}
          ref={textarea}
          className={classes.textarea}
          value={value}
          rows={rows}
          wrap="off"
          spellCheck={false}
          readOnly={readOnly}
          aria-invalid={hasError || undefined}
          aria-describedby={hasError ? `${id}-issues` : undefined}
          onChange={(event) => onChange(event.currentTarget.value)}
          onScroll={syncScroll}
        />
      </Box>
      {issues.length > 0 && (
        <Stack gap={2} mt={6} id={`${id}-issues`} role="list" aria-label={`Problems in ${label}`}>
          {issues.map((issue, i) => (
            <UnstyledButton
              key={i}
              role="listitem"
              className={classes.issue}
              onClick={() => jumpTo(issue)}
              disabled={issue.line === undefined}
            >
              <Text
                size="xs"
                c={issue.code === 'template_unused_optional_variable' ? 'yellow' : 'red'}
              >
                {issue.line !== undefined && (
                  <b>
                    Line {issue.line}, column {issue.column ?? 1}:{' '}
                  </b>
                )}
                {issue.message}
              </Text>
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Input.Wrapper>
  );
}
