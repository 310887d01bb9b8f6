import { createServer } from 'node:http';

// The map's tile server during the browser tests (PUBLIC_TILE_URL in playwright.config.ts): every
// tile is one blank PNG. Tiles cannot be fetched from outside here, and answering them from a
// server of our own, instead of Playwright's request interception, keeps the browser's cache on:
// with any route set, Playwright turns caching off and every request makes a round trip through
// the test process, which made each page load several times dearer.
const blankTile = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const port = Number(process.env.TILE_PORT ?? 4174);

createServer((request, response) => {
	response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400', 'content-length': blankTile.length });
	response.end(request.method === 'HEAD' ? undefined : blankTile);
}).listen(port, 'localhost', () => console.log(`tiles on http://localhost:${port}`));
