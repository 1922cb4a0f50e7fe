import { SegmentedMessage } from 'sms-segments-calculator';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsInfo {
  encoding: SmsEncoding;
  segments: number;
  /** Characters as the handset counts them (GSM-7 extension characters and surrogate pairs count twice). */
  characters: number;
}

/** Default upper bound on segments for one SMS template; configurable per call. */
export const DEFAULT_MAX_SMS_SEGMENTS = 10;

/**
 * Encoding and segment count as carriers bill them, from Twilio's calculator (the reference the
 * vectors in server/test/vectors/10_sms_segments.json were checked against): GSM-7 unless any
 * character is outside the default alphabet and its extension table; extension characters cost
 * two septets; concatenated segments carry a 6-octet header (153 septets / 67 UCS-2 units).
 */
export function smsInfo(text: string): SmsInfo {
  const message = new SegmentedMessage(text, 'auto', false);
  const encoding = message.encodingName;
  const characters = message.messageSize / (encoding === 'GSM-7' ? 7 : 16);
  return { encoding, segments: message.segmentsCount, characters };
}
