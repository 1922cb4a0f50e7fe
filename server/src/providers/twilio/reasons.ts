/** Twilio error codes we can explain, as our stable code and a sentence for people. */
export const TWILIO_REASONS: Record<string, { code: string; text: string }> = {
  '21610': {
    code: 'recipient_opted_out',
    text: 'The recipient has opted out of messages from this sender (they replied STOP).',
  },
  '21211': { code: 'invalid_number', text: 'The phone number is not valid.' },
  '21614': { code: 'not_mobile', text: 'The number cannot receive text messages.' },
  '30003': {
    code: 'unreachable',
    text: 'The phone was unreachable (switched off or out of coverage).',
  },
  '30004': {
    code: 'blocked_by_recipient',
    text: 'The recipient blocks messages from this sender.',
  },
  '30005': {
    code: 'unknown_number',
    text: 'The number does not exist or is no longer in service.',
  },
  '30006': { code: 'landline', text: 'The number cannot receive text messages (landline).' },
  '30007': { code: 'carrier_filtered', text: 'The carrier filtered the message as unwanted.' },
  '63016': {
    code: 'outside_session',
    text: 'WhatsApp only allows a template message outside the 24-hour reply window.',
  },
};

/** Twilio's "this number replied STOP to this sender". */
export const TWILIO_OPTED_OUT = '21610';
