import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { follow, signIn, signedIn } from './helpers';

// Prevention planning (issue 8): the demo seed's three years of South Wales history, seen by the
// demo planner. Merthyr Tydfil has people asking for things to do and no local offer for it.
const planner = { email: 'planner@demo.example.org', password: 'wm-demo-planner' };
const merthyr = '/planning?area=authority&authority=Merthyr+Tydfil&from=2025-11&to=2026-10&outcome=things-to-do';

test('a planner sees demand, supply, a gap on the map and what helped, and downloads a table', async ({ page, expectAccessible }) => {
	await signedIn(page, planner);
	await page.goto(merthyr);
	await expectAccessible();
	await expect(page.getByText(/Figures rebuilt at/)).toBeVisible();

	// Demand: the outcomes people named, with a shown count for "Having things to do".
	const demand = page.getByRole('table', { name: 'Outcomes people named, by source' });
	const thingsToDo = demand.getByRole('row', { name: /Having things to do/ });
	await expect(thingsToDo.getByRole('cell').last()).toHaveText(/^\d+$/);

	// Supply: offers for each outcome, listed in full.
	await expect(page.getByRole('table', { name: /Offers for each outcome/ })).toBeVisible();

	// Gaps: "Having things to do" has no local offer, so it ranks first.
	const gaps = page.getByRole('table', { name: 'Outcomes ranked by people for each local offer' });
	const firstGap = gaps.getByRole('row').nth(1);
	await expect(firstGap).toContainText('Having things to do');
	await expect(firstGap).toContainText('no local offer');

	// The map draws shaded hexagons with a legend; each hexagon's numbers are in a table too.
	const map = page.locator('#gaps');
	await expect(map.locator('path.leaflet-interactive').first()).toBeVisible();
	await expect(map.getByText('People for each local offer').first()).toBeVisible();
	await expect(map.getByText('no local offer (dashed edge)')).toBeVisible();

	// Referral flow.
	await expect(page.getByRole('table', { name: /Signposts and referrals by outcome/ })).toBeVisible();

	// A table as CSV: the same figures, with withheld counts in words.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.locator('#demand').getByRole('link', { name: /Download/ }).first().click()
	]);
	expect(download.suggestedFilename()).toMatch(/^what-matters-demand-2025-11-2026-10\.csv$/);
	const csv = readFileSync((await download.path())!, 'utf8');
	expect(csv).toContain('Having things to do');
	expect(csv).toMatch(/rounded to the nearest 5/);
	const line = csv.split(/\r?\n/).find((row) => row.startsWith('Having things to do'))!;
	const pageTotal = await thingsToDo.getByRole('cell').last().textContent();
	expect(line.split(',').at(-1)).toBe(pageTotal?.trim());

	// What helped, over all of Wales (the default area), in the demo history's last year: a rate with its count, and "too few to
	// say" where the numbers are small.
	await page.goto('/planning?from=2025-11&to=2026-10');
	await expectAccessible();
	const helped = page.getByRole('table', { name: 'What people said helped, by outcome and kind of offer' });
	await expect(helped.getByText(/^\d+% of \d+$/).first()).toBeVisible();
	await expect(helped.getByText('too few to say').first()).toBeVisible();

	// A district the directory doesn't know is named back, and what was typed stays.
	await page.goto('/planning?area=districts&districts=CF47+ZZ99');
	await expectAccessible();
	await expect(page.getByText('The directory does not know these postcode districts: ZZ99.').first()).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Postcode districts' })).toHaveValue('CF47 ZZ99');
});

test('on a small phone in Welsh, printable; and a planner cannot open any record page', async ({ page, expectAccessible, expectedStatuses }) => {
	expectedStatuses.add(403).add(404);
	await page.setViewportSize({ width: 320, height: 720 });
	await signIn(page, planner, expectAccessible);
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Planning' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Planning');
	await expectAccessible();
	await page.goto(`/cy${merthyr}`);
	await expectAccessible();
	await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Planning');
	expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('form.planning-form')).toBeHidden();
	await expect(page.locator('#helped table')).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// A group's inbox and people, a practitioner's records, moderation and administration.
	await page.goto('/find?where=CF44');
	await expectAccessible();
	await follow(page.locator('main a[href*="/offers/"]').first());
	await expectAccessible();
	const groupPage = await page.locator('main a[href*="/organisations/"]').first().getAttribute('href');
	const groupId = /organisations\/([0-9a-f-]{36})/.exec(groupPage ?? '')?.[1];
	expect(groupId, 'a group the planner is not in').toBeTruthy();
	for (const path of [
		`/groups/${groupId}/inbox`,
		`/groups/${groupId}/people`,
		'/practice',
		'/practice/conversations/00000000-0000-4000-8000-000000000001',
		'/moderation',
		'/moderation/board',
		'/admin/outbox'
	]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBeGreaterThanOrEqual(403);
		await expectAccessible();
	}
});
