import { ansi, colourEnabled, plain } from './colour';

describe('colour', () => {
  it('follows --color, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
    expect(colourEnabled(undefined, {}, true)).toBe(true);
    expect(colourEnabled(undefined, {}, false)).toBe(false);
    expect(colourEnabled(undefined, { TERM: 'dumb' }, true)).toBe(false);
    expect(colourEnabled(undefined, { NO_COLOR: '1' }, true)).toBe(false);
    // An empty NO_COLOR does not count, as no-color.org says.
    expect(colourEnabled(undefined, { NO_COLOR: '' }, true)).toBe(true);
    expect(colourEnabled(undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(colourEnabled(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colourEnabled(false, { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colourEnabled(true, { NO_COLOR: '1' }, false)).toBe(true);
  });

  it('paints with ANSI codes or not at all', () => {
    expect(ansi('red', 'HIGH')).toBe('\u001b[31mHIGH\u001b[39m');
    expect(plain('red', 'HIGH')).toBe('HIGH');
  });
});
