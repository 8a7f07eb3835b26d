import {
  createTheme,
  type CSSVariablesResolver,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

// Shades whose text on white or a light tint is too pale for WCAG AA (4.5:1) are read in black.
const PALE = new Set(['orange', 'yellow', 'lime', 'teal', 'green', 'cyan']);

/**
 * Light, subtle and outline components (badges, quiet buttons) write in the darkest shade of
 * their colour, so their text meets WCAG AA contrast; the library's default shade does not.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const resolved = defaultVariantColorsResolver(input);
  if (!['light', 'subtle', 'outline'].includes(input.variant)) return resolved;
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return resolved;
  const text = PALE.has(parsed.color) ? 'var(--mantine-color-black)' : `var(--mantine-color-${parsed.color}-9)`;
  return { ...resolved, color: text, ...(input.variant === 'outline' ? { border: `1px solid ${text}` } : {}) };
};

// The system's own fonts: nothing is fetched from elsewhere (the console works air-gapped).
export const theme = createTheme({
  primaryColor: 'blue',
  // Filled buttons dark enough for white text at WCAG AA.
  primaryShade: { light: 8, dark: 8 },
  variantColorResolver,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  defaultRadius: 'sm',
  // Modals and drawers appear at once for people whose system asks for less motion (WCAG 2.3.3).
  respectReducedMotion: true,
  // Dense by default: security engineers want more rows on a screen, not more air.
  components: {
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', fz: 'sm' } },
    // Icon-only buttons need a name for screen readers.
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
  },
});

/** Dimmed text (descriptions, secondary lines) dark enough for WCAG AA on white; the default grey is not. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: { '--mantine-color-dimmed': 'var(--mantine-color-dark-1)' },
});
