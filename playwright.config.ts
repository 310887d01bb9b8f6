import { defineConfig } from '@playwright/test';
import { findChromium } from './tests/e2e/chromium';

// E2E_PORT lets a second checkout run its browser tests at the same time.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 90_000,
	expect: { timeout: 10_000 },
	fullyParallel: true,
	workers: 2,
	retries: 0,
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
		reuseExistingServer: false,
		env: { PORT: String(port), ORIGIN: `http://localhost:${port}`, WM_DATA_DIR: '.data/e2e' },
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
