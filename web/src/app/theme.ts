import {
  createTheme,
  darken,
  defaultCssVariablesResolver,
  lighten,
  localStorageColorSchemeManager,
  luminance,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core';
import './theme.css';

/*
 * WCAG 2.1 AA in both schemes, decided here rather than page by page: text 4.5:1 against the
 * surfaces it sits on, component boundaries and the focus ring 3:1. Mantine's own defaults miss
 * both (dimmed text on white is 3.3:1, a blue link 3.6:1, input borders 1.5:1). Each colour keeps
 * its hue: it is darkened (light scheme) or lightened (dark scheme) only as far as the ratio needs.
 * Targets sit a little above the thresholds so that rounding never decides.
 */
const TEXT = 4.6;
const BOUNDARY = 3.1;

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `color`, darkened or lightened in small steps until it reaches `ratio` on every background. */
function readable(
  color: string,
  backgrounds: string[],
  ratio: number,
  direction: 'darken' | 'lighten',
): string {
  const shift = direction === 'darken' ? darken : lighten;
  for (let step = 0; step <= 20; step++) {
    const candidate = step === 0 ? color : shift(color, step / 20);
    if (backgrounds.every((bg) => contrast(candidate, bg) >= ratio)) return candidate;
  }
  return direction === 'darken' ? '#000000' : '#ffffff';
}

const resolveCssVariables: CSSVariablesResolver = (theme) => {
  const base = defaultCssVariablesResolver(theme);
  const { gray, dark } = theme.colors as Record<'gray' | 'dark', MantineColorsTuple>;
  // Surfaces text appears on: the body, cards and table stripes, hovered rows.
  const lightSurfaces = [theme.white, gray[0], gray[1]];
  const darkSurfaces = [dark[7], dark[6]];
  const light: Record<string, string> = {
    '--mantine-color-dimmed': readable(gray[6], [...lightSurfaces, gray[2]], TEXT, 'darken'),
    '--mantine-color-placeholder': readable(gray[5], [theme.white], TEXT, 'darken'),
    '--mantine-color-default-border': readable(gray[4], [theme.white, gray[0]], BOUNDARY, 'darken'),
    '--mantine-color-error': readable(theme.colors.red![6], lightSurfaces, TEXT, 'darken'),
    '--mantine-color-success': readable(theme.colors.teal![8], lightSurfaces, TEXT, 'darken'),
  };
  const darkScheme: Record<string, string> = {
    // Also on dark[5], the hover and "default" surface.
    '--mantine-color-dimmed': readable(dark[2], [...darkSurfaces, dark[5]], TEXT, 'lighten'),
    '--mantine-color-placeholder': readable(dark[3], [dark[6]], TEXT, 'lighten'),
    '--mantine-color-default-border': readable(dark[4], darkSurfaces, BOUNDARY, 'lighten'),
    '--mantine-color-error': readable(theme.colors.red![6], darkSurfaces, TEXT, 'lighten'),
    '--mantine-color-success': readable(theme.colors.teal![6], darkSurfaces, TEXT, 'lighten'),
  };
  for (const [name, shades] of Object.entries(theme.colors)) {
    if (name === 'dark') continue;
    // Coloured text (`c="red"`), outline variants: on the page's surfaces.
    const lightText = readable(shades[8], lightSurfaces, TEXT, 'darken');
    light[`--mantine-color-${name}-text`] = lightText;
    light[`--mantine-color-${name}-outline`] = lightText;
    // Light and subtle variants (badges, alerts, active nav links): their text on their own
    // tint, and on the darker tint under the mouse.
    light[`--mantine-color-${name}-light-color`] = readable(
      shades[9],
      [shades[1], shades[2]],
      TEXT,
      'darken',
    );
    const darkText = readable(shades[4], darkSurfaces, TEXT, 'lighten');
    darkScheme[`--mantine-color-${name}-text`] = darkText;
    darkScheme[`--mantine-color-${name}-outline`] = darkText;
    darkScheme[`--mantine-color-${name}-light-color`] = readable(
      shades[0],
      [darken(shades[9], 0.5), darken(shades[9], 0.3)],
      TEXT,
      'lighten',
    );
  }
  const primary = theme.colors[theme.primaryColor]!;
  light['--mantine-color-anchor'] = light[`--mantine-color-${theme.primaryColor}-text`]!;
  darkScheme['--mantine-color-anchor'] = darkScheme[`--mantine-color-${theme.primaryColor}-text`]!;
  // The focus ring (theme.css): 3:1 against the body and cards in each scheme.
  light['--switchboard-focus-ring'] = readable(primary[6], lightSurfaces, BOUNDARY, 'darken');
  darkScheme['--switchboard-focus-ring'] = readable(primary[4], darkSurfaces, BOUNDARY, 'lighten');
  return {
    variables: base.variables,
    light: { ...base.light, ...light },
    dark: { ...base.dark, ...darkScheme },
  };
};

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 of blue carries white text at 5:1 (shade 6, Mantine's default, at 3.6:1).
  primaryShade: { light: 8, dark: 8 },
  // Filled colours pick black or white text, whichever reads: at this luminance both are 4.6:1.
  autoContrast: true,
  luminanceThreshold: 0.179,
  defaultRadius: 'md',
  cursorType: 'pointer',
  // Modals, menus and notifications appear without sliding or fading for whoever asks the system
  // for less motion (WCAG 2.3.3); Mantine ignores the setting unless told.
  respectReducedMotion: true,
  // Mantine's close buttons are icons without a name (WCAG 4.1.2).
  components: {
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } },
  },
});

export const cssVariablesResolver = resolveCssVariables;

export const colorSchemeManager = localStorageColorSchemeManager({
  key: 'switchboard-color-scheme',
});
