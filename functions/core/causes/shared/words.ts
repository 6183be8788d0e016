/** Number formatting shared by the rules' wording, so every card reads the same way. */

/** `1266953` → `1,266,953`. */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** `37.14` → `37%`, `3.46` → `3.5%`: whole percents from 10 up, one decimal below. */
export const percent = (n: number): string => `${n.toFixed(n >= 10 || n === 0 ? 0 : 1)}%`;

/** A rate: `127345.2` → `127k/s`, `212.5` → `213/s`, `0.24` → `0.2/s`. */
export const perSecond = (n: number): string =>
  n >= 10_000 ? `${Math.round(n / 1000)}k/s` : n >= 10 ? `${Math.round(n)}/s` : `${n.toFixed(1)}/s`;

/** KiB → `1.4 GiB` / `812 MiB` / `96 KiB`. */
export const size = (kib: number): string =>
  kib >= 1024 * 1024
    ? `${(kib / 1024 / 1024).toFixed(1)} GiB`
    : kib >= 1024
      ? `${Math.round(kib / 1024)} MiB`
      : `${Math.round(kib)} KiB`;

/** Seconds → `45 s`, `12 min`, `3.5 h`, `12 days`. */
export const duration = (s: number): string =>
  s < 90
    ? `${Math.round(s)} s`
    : s < 90 * 60
      ? `${Math.round(s / 60)} min`
      : s < 48 * 3600
        ? `${(s / 3600).toFixed(1)} h`
        : `${Math.round(s / 86400)} days`;
