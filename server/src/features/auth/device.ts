/** Browser and system of a user agent, in a few words ("Firefox on Linux"), for the session list. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const ua = userAgent;
  const browser = /\bEdg(?:e|A|iOS)?\//.test(ua)
    ? 'Edge'
    : /\bOPR\/|\bOpera\b/.test(ua)
      ? 'Opera'
      : /\bFirefox\/|\bFxiOS\//.test(ua)
        ? 'Firefox'
        : /\bChrome\/|\bCriOS\/|\bChromium\//.test(ua)
          ? 'Chrome'
          : /\bSafari\//.test(ua) && /\bVersion\//.test(ua)
            ? 'Safari'
            : /^curl\//.test(ua)
              ? 'curl'
              : undefined;
  const system = /\biPhone|\biPad|\biPod/.test(ua)
    ? 'iOS'
    : /\bAndroid\b/.test(ua)
      ? 'Android'
      : /\bCrOS\b/.test(ua)
        ? 'ChromeOS'
        : /\bMac OS X\b|\bMacintosh\b/.test(ua)
          ? 'macOS'
          : /\bWindows\b/.test(ua)
            ? 'Windows'
            : /\bLinux\b|\bX11\b/.test(ua)
              ? 'Linux'
              : undefined;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? ua.slice(0, 60);
}
