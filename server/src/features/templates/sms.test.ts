import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { smsInfo } from './sms.js';

interface Vector {
  name: string;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  computed: { septets?: number; utf16_code_units?: number };
}

const file = new URL('../../../../../shared/vectors/10_sms_segments.json', import.meta.url);
const { vectors } = JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] };

describe('SMS encoding and segments (shared/vectors/10_sms_segments.json)', () => {
  it('has the vectors', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(20);
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const info = smsInfo(v.body);
    expect(info.encoding).toBe(v.encoding);
    expect(info.segments).toBe(v.segments);
    expect(info.characters).toBe(v.computed.septets ?? v.computed.utf16_code_units);
  });
});
