import { Anchor, Text } from '@mantine/core';

const URL_RE = /(https?:\/\/[^\s<>"]+)/g;

/** A mail's text with its web addresses as links (text and links only: nothing is parsed as HTML). */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(URL_RE);
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts.map((part, i) =>
        // split() with a capturing group puts the matches at the odd indexes.
        i % 2 === 1 ? (
          <Anchor key={i} href={part}>
            {part}
          </Anchor>
        ) : (
          part
        ),
      )}
    </Text>
  );
}
