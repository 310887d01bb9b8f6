import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/** The system Chromium where there is one, else Playwright's own; says how to get one when neither exists. */
export function findChromium(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
	for (const path of candidates) if (path && existsSync(path)) return path;
	const bundled = chromium.executablePath();
	if (bundled && existsSync(bundled)) return bundled;
	throw new Error(
		'No Chromium found for the browser tests. Install one with `sudo apt-get install chromium` (Debian/Ubuntu), ' +
			'or `npx playwright install chromium`, or point CHROMIUM_PATH at a Chrome or Chromium binary.'
	);
}
