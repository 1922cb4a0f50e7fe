import { ActionIcon, CopyButton, Textarea, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

type CopyFieldProps = { label: string; value: string; description?: string };

/**
 * A read-only value with a copy-to-clipboard button (secrets, invitation links). A textarea
 * rather than an input: long values wrap instead of scrolling out of sight, and Chromium on
 * Linux drops underscores of monospace text in single-line inputs. The button is just "Copy",
 * so the field stays the only match for its own label.
 */
export function CopyField({ label, value, description }: CopyFieldProps) {
  return (
    <Textarea
      label={label}
      description={description}
      value={value}
      readOnly
      autosize
      minRows={1}
      spellCheck={false}
      onFocus={(event) => event.currentTarget.select()}
      styles={{
        input: { fontFamily: 'var(--mantine-font-family-monospace)', wordBreak: 'break-all' },
      }}
      rightSectionWidth={42}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow position="left">
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={copied ? 'Copied' : 'Copy'}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}
