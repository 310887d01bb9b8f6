import { test, expect } from './fixtures';

test.describe('a newcomer finds support', () => {
	test('by postcode and two outcomes: results in the list and markers on the map', async ({ page, expectAccessible }) => {
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto('/');
		await expectAccessible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('What matters to you?');

		await page.getByLabel('I want to see people more').check();
		await page.getByLabel('I want to have things to do that I enjoy').check();
		await page.getByLabel('Where are you?').fill('CF10 1AA');
		await page.getByRole('button', { name: "Show what's near me" }).click();

		await expect(page).toHaveURL(/\/find\?.*outcome=seeing-people.*where=CF10/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Community support near CF10 1AA (Butetown, Cardiff)');
		await expect(page.locator('p.count')).toHaveText(/^\d+ offers found$/);
		const cards = page.locator('.offer-list article');
		await expect(cards.first()).toBeVisible();
		const count = await cards.count();
		expect(count).toBeGreaterThan(1);

		// Nearest first: the distances on the cards never go down.
		const distances = (await cards.locator('li', { hasText: 'miles away' }).allTextContents()).map((t) => parseFloat(t));
		expect(distances.length).toBe(count);
		expect(distances).toEqual([...distances].sort((a, b) => a - b));

		// The map opens by itself on a wide screen and shows this page's offers (clustered or single).
		const map = page.getByRole('region', { name: 'Map of the offers on this page' });
		await expect(map).toHaveAttribute('data-state', 'ready');
		await expect(map.locator('.leaflet-marker-icon').first()).toBeVisible();
		const singles = await map.locator('.leaflet-marker-icon:not(.marker-cluster)').count();
		const clusters = await map.locator('.marker-cluster').allTextContents();
		expect(singles + clusters.reduce((sum, n) => sum + Number(n), 0)).toBe(count);
		await expectAccessible();

		// List and map in step: "Show on map" opens that offer's marker popup.
		const firstTitle = (await cards.first().getByRole('heading').textContent())!.trim();
		await cards.first().getByRole('button', { name: 'Show on map' }).click();
		await expect(map.locator('.leaflet-popup-content')).toContainText(firstTitle);
		await expect(cards.first()).toHaveClass(/highlighted/);
	});

	test('an offer page and its group page say everything a person needs', async ({ page, expectAccessible }) => {
		await page.goto('/find?where=SA1&outcome=seeing-people');
		await expectAccessible();
		const first = page.locator('.offer-list article').first();
		const title = (await first.getByRole('heading').textContent())!.trim();
		await first.getByRole('link', { name: title }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
		for (const term of ['When', 'Where', 'Cost', "Who it's for", 'How to join', 'Languages', 'Contact']) {
			await expect(page.locator('dt', { hasText: term }).first()).toBeVisible();
		}
		await expect(page.getByText(/Last checked by the group on|hasn't confirmed these details yet/)).toBeVisible();
		await expect(page.getByText('Demonstration listing').first()).toBeVisible();
		await expectAccessible();

		// "Back to results" returns to the same search, not an empty one.
		await expect(page.getByRole('link', { name: 'Back to results' })).toHaveAttribute('href', /\/find\?outcome=seeing-people&where=SA1$/);

		await page.getByRole('link', { name: /^More about / }).click();
		await expect(page.getByRole('heading', { name: 'What they offer' })).toBeVisible();
		await expect(page.getByRole('link', { name: title })).toBeVisible();
		await expectAccessible();
	});

	test('an unknown postcode gets a kind message and keeps what was typed', async ({ page, expectAccessible }) => {
		await page.goto('/');
		await expectAccessible();
		await page.getByLabel('I want to see people more').check();
		await page.getByLabel('Where are you?').fill('SA99');
		await page.getByRole('button', { name: "Show what's near me" }).click();
		await expect(page.getByRole('alert')).toContainText("We couldn't find SA99. Check it, or try a town or your location.");
		await expect(page.getByLabel('Where are you?')).toHaveValue('SA99');
		await expect(page.getByLabel('Where are you?')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('I want to see people more')).toBeChecked();
		await expectAccessible();
	});

	test('bad and hostile query strings get messages, never an error page', async ({ page, expectAccessible }) => {
		const long = 'x'.repeat(10_000);
		for (const query of [
			`where=${long}`,
			`distance=9999&page=-4&day=someday&outcome=not-real&where=SA1`,
			`q=${encodeURIComponent("'; drop table offers; --")}&where=Cardiff`,
			`q=a%00b&where=CF10%00&outcome=%00`,
			`q=${encodeURIComponent('🙂 ŵ ŷ')}&lat=91&lng=500`
		]) {
			const response = await page.goto(`/find?${query}`);
			expect(response?.status(), query.slice(0, 60)).toBe(200);
			await expect(page.locator('.notice, .problems, .count').first()).toBeVisible();
			await expectAccessible();
		}
		await expect(page.getByText('That location is outside the UK.', { exact: false }).first()).toBeVisible();
	});

	test('Welsh: the switch changes the page and keeps the search', async ({ page, expectAccessible }) => {
		await page.goto('/find?outcome=seeing-people&where=NP20');
		await expectAccessible();
		await page.getByRole('link', { name: 'Cymraeg' }).click();
		await expect(page).toHaveURL(/\/cy\/find\?outcome=seeing-people&where=NP20/);
		await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Cymorth cymunedol ger NP20/);
		await expect(page.locator('p.count')).toHaveText(/^Nifer y cynigion: \d+$/);
		await expect(page.getByLabel('Rydw i eisiau gweld pobl yn amlach')).toBeChecked();
		await expectAccessible();

		await page.getByRole('link', { name: 'English' }).click();
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Community support near NP20/);
		await expectAccessible();
	});

	test('keyboard: the skip link goes to the content', async ({ page, expectAccessible }) => {
		await page.goto('/');
		await expectAccessible();
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Skip to main content' });
		await expect(skip).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.locator('main')).toBeFocused();
	});
});

test.describe('with the device location', () => {
	test.use({ geolocation: { latitude: 51.6214, longitude: -3.9436 }, permissions: ['geolocation'], viewport: { width: 1280, height: 900 } });

	test('"Use my location" searches around where the person is, and the map leads back to the list', async ({ page, expectAccessible }) => {
		await page.goto('/');
		await expectAccessible();
		await page.getByLabel('I want to see people more').check();
		await page.getByRole('button', { name: 'Use my location' }).click();
		await expect(page).toHaveURL(/lat=51\.6214\d*&lng=-3\.9436/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Community support near SA1 /);
		await expect(page.getByLabel('Where are you?')).toHaveValue('');
		const map = page.getByRole('region', { name: 'Map of the offers on this page' });
		await expect(map).toHaveAttribute('data-state', 'ready');
		await expectAccessible();

		// A marker (opened out of its cluster if need be) highlights its card in the list.
		// On a loaded machine a click can land while a cluster is still opening: try again until one
		// marker's card is highlighted.
		const card = page.locator('.offer-list article.highlighted');
		let title: string | null = null;
		await expect(async () => {
			const cluster = map.locator('.marker-cluster').first();
			if (await cluster.count()) await cluster.click();
			const marker = map.locator('.leaflet-marker-icon:not(.marker-cluster)').first();
			title = await marker.getAttribute('title');
			await marker.click();
			await expect(card).toHaveCount(1, { timeout: 2_000 });
		}).toPass({ timeout: 20_000 });
		await expect(card.getByRole('heading')).toHaveText(title!);
		await map.getByRole('link', { name: `See ${title} in the list` }).click();
		await expect(page).toHaveURL(/#offer-/);
	});
});

test.describe('on a small phone', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	test('pages fit the screen and the map waits to be asked for', async ({ page, expectAccessible }) => {
		for (const path of ['/', '/find?where=CF37&outcome=staying-well']) {
			await page.goto(path);
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow, path).toBeLessThanOrEqual(0);
			await expectAccessible();
		}
		await expect(page.locator('.leaflet-container')).toHaveCount(0);
		await page.getByRole('button', { name: 'Show map' }).click();
		await expect(page.getByRole('region', { name: 'Map of the offers on this page' })).toHaveAttribute('data-state', 'ready');
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the search, filters and paging work as plain forms and links', async ({ page, expectAccessible }) => {
		await page.goto('/');
		await expectAccessible();
		await page.getByLabel('I want to stay as well as I can').check();
		await page.getByLabel('Where are you?').fill('Cardiff');
		await page.getByRole('button', { name: "Show what's near me" }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Community support near Cardiff/);
		const before = await page.locator('.offer-list article').count();
		expect(before).toBeGreaterThan(0);
		await expect(page.getByRole('button', { name: 'Use my location' })).toHaveCount(0);
		await expectAccessible();

		await page.getByLabel('Free only').check();
		await page.getByLabel('Distance').or(page.getByLabel('How far')).selectOption('50');
		await page.getByRole('button', { name: 'Update results' }).click();
		await expect(page).toHaveURL(/free=1/);
		await expect(page.getByLabel('Free only')).toBeChecked();
		const badges = await page.locator('.offer-list article .badge.free').count();
		expect(badges).toBe(await page.locator('.offer-list article').count());
		await expectAccessible();

		await page.getByRole('link', { name: 'Next page' }).click();
		await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
		await expect(page.getByLabel('Free only')).toBeChecked();
		await expectAccessible();
	});
});
