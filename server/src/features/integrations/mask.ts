/** `…a1b2`: enough to recognise a value, never enough to use it. Short values show nothing. */
export const maskHint = (value: string) => (value.length >= 12 ? `…${value.slice(-4)}` : '…');
