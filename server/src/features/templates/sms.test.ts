import { describe, expect, it } from 'vitest';
import { loadVectors } from '../../test/vectors.js';
import { smsInfo } from './sms.js';

interface Vector {
  name: string;
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  computed: { septets?: number; utf16_code_units?: number };
}

const { vectors } = loadVectors<{ vectors: Vector[] }>('10_sms_segments.json');

describe('SMS encoding and segments (server/test/vectors/10_sms_segments.json)', () => {
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
