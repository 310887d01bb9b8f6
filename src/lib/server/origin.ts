// Where links in mail point when no trusted request address is at hand: ORIGIN, or this machine.
// Plain process.env, so scripts (npm run jobs) share it with the server.
export const configuredOrigin = (): string => (process.env.ORIGIN ?? `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
