import type { MediaPlaySource } from '../../core/index.ts';

/**
 * The prompt files that say `n`: one file `<dir>/<n>` up to 20, as the
 * usual sound sets have them (Asterisk `digits/0` … `digits/20`), then
 * digit by digit. Negative or fractional numbers are said as 0.
 */
export function sayNumber(n: number, digitsDir: string): MediaPlaySource[] {
  const whole = Number.isInteger(n) && n > 0 ? n : 0;
  if (whole <= 20) return [{ file: `${digitsDir}/${whole}` }];
  return [...String(whole)].map((d) => ({ file: `${digitsDir}/${d}` }));
}
