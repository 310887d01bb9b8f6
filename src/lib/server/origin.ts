// Where links in mail point when no trusted request address is at hand: ORIGIN, or this machine.
// Plain process.env, so scripts (npm run jobs) share it with the server.
export const configuredOrigin = (): string => (process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');

/** A link to a page of the site in the reader's language (Welsh pages live under /cy). */
export const linkIn = (origin: string, path: string, language: 'en' | 'cy'): string => `${origin}${language === 'cy' ? '/cy' : ''}${path}`;
