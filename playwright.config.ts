import { defineConfig } from '@playwright/test';
import { findChromium } from './tests/e2e/chromium';

// E2E_PORT lets a second checkout run its browser tests at the same time.
const port = Number(process.env.E2E_PORT ?? 4173);
/** The map's tiles come from a blank-tile server of the tests' own (tests/e2e/tile-server.ts). */
const tilePort = port + 1;
const testTileUrl = `http://localhost:${tilePort}/{z}/{x}/{y}.png`;

export default defineConfig({
	testDir: 'tests/e2e',
	globalSetup: './tests/e2e/global-setup.ts',
	timeout: 90_000,
	expect: { timeout: 10_000 },
	fullyParallel: true,
	workers: 2,
	// One retry in CI, where a test that passed only on it is named as flaky (scripts/slowest-tests.ts, .ci/run).
	retries: process.env.CI ? 1 : 0,
	reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
	use: {
		baseURL: `http://localhost:${port}`,
		launchOptions: {
			executablePath: findChromium(),
			// No background traffic, and no request can leave the machine: every host but this one is
			// unknown to the browser (tests/e2e/fixtures.ts names any page that tries).
			args: [
				'--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
				'--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost'
			]
		},
		// Recording a trace of every test made the whole run about a sixth slower: CI records one
		// only for a failed test's retry; a developer's run keeps one for each test that fails.
		trace: process.env.CI ? 'on-first-retry' : 'retain-on-failure'
	},
	webServer: [
		{
			command: 'npx tsx tests/e2e/tile-server.ts',
			url: `http://localhost:${tilePort}/0/0/0.png`,
			reuseExistingServer: !process.env.CI,
			env: { TILE_PORT: String(tilePort) },
			stdout: 'ignore'
		},
		// The production build on a fresh embedded database, seeded with the demo data on first start.
		// PUBLIC_TILE_URL is read by the build (the CSP's img-src) and by the server.
		{
			command: `rm -rf .data/e2e && npm run build && node build`,
			url: `http://localhost:${port}/`,
			timeout: 240_000,
			// A developer may keep a server running between runs (see the README); CI always starts its own.
			reuseExistingServer: !process.env.CI,
			env: { PORT: String(port), ORIGIN: `http://localhost:${port}`, WM_DATA_DIR: '.data/e2e', PUBLIC_TILE_URL: testTileUrl },
			stdout: 'ignore',
			stderr: 'pipe'
		}
	]
});
