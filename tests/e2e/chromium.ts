import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

/**
 * The browser for the tests. A headless shell first (Debian's `chromium-headless-shell`, or
 * Playwright's own): it is Chromium without the windowed browser around it, and on two cores it
 * ran the browser tests in about half the time a full Chromium took (179 s against 315 s; the
 * browser process alone used a third of the CPU). A full Chromium or Chrome otherwise. Says how
 * to get one when there is none.
 */
export function findChromium(): string {
	const candidates = [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium-headless-shell',
		playwrightsHeadlessShell(),
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser',
		'/usr/bin/google-chrome',
		chromium.executablePath()
	];
	for (const path of candidates) if (path && existsSync(path)) return path;
	throw new Error(
		'No Chromium found for the browser tests. Install one with `sudo apt-get install chromium-headless-shell` ' +
			'(Debian/Ubuntu; `chromium` also works), or `npx playwright install chromium`, or point CHROMIUM_PATH at a Chrome or Chromium binary.'
	);
}

/** The headless shell `npx playwright install chromium` puts beside its Chromium, if it did. */
function playwrightsHeadlessShell(): string | undefined {
	const browsers = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
	if (!existsSync(browsers)) return undefined;
	for (const folder of readdirSync(browsers).filter((name) => name.startsWith('chromium_headless_shell-')).sort().reverse())
		for (const binary of ['chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux/headless_shell']) {
			const path = join(browsers, folder, binary);
			if (existsSync(path)) return path;
		}
	return undefined;
}
