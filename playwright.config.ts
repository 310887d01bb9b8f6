import { defineConfig } from '@playwright/test';
import { findChromium } from './tests/e2e/chromium';

// E2E_PORT lets a second checkout run its browser tests at the same time.
const port = Number(process.env.E2E_PORT ?? 4173);

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
			// No background traffic: tests make no request that leaves the machine.
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
		},
		trace: 'retain-on-failure'
	},
	// The production build on a fresh embedded database, seeded with the demo data on first start.
	webServer: {
		command: `rm -rf .data/e2e && npm run build && node build`,
		url: `http://localhost:${port}/`,
		timeout: 240_000,
		// A developer may keep a server running between runs (npm run build && node build); CI always starts its own.
		reuseExistingServer: !process.env.CI,
		env: { PORT: String(port), ORIGIN: `http://localhost:${port}`, WM_DATA_DIR: '.data/e2e' },
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
