import { Badge, Group, Text } from '@mantine/core';
import type { SmsInfo } from '../api/types';

/** Characters a message of `segments` segments can hold before it needs one more. */
function capacity({ encoding, segments }: SmsInfo): number {
  const single = encoding === 'GSM-7' ? 160 : 70;
  const multi = encoding === 'GSM-7' ? 153 : 67;
  return segments <= 1 ? single : multi * segments;
}

type SmsCounterProps = { sms: SmsInfo; maxSegments?: number };

/** Encoding, segments and characters of the rendered sample, as carriers bill them. */
export function SmsCounter({ sms, maxSegments = 10 }: SmsCounterProps) {
  const over = sms.segments > maxSegments;
  return (
    <Group gap="xs" aria-live="polite">
      <Badge variant="light" color={sms.encoding === 'GSM-7' ? 'teal' : 'orange'}>
        {sms.encoding}
      </Badge>
      <Badge variant="light" color={over ? 'red' : 'blue'}>
        {sms.segments} {sms.segments === 1 ? 'segment' : 'segments'}
      </Badge>
      <Text size="xs" c="dimmed">
        {sms.characters} / {capacity(sms)} characters
        {sms.encoding === 'UCS-2' &&
          ' · a character outside GSM-7 switched the whole message to UCS-2'}
      </Text>
    </Group>
  );
}
