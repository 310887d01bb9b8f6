import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { anotherDevice, follow, owner, signedIn } from './helpers';

// Peer support (issue 7): a group registers a peer supporter, who stays hidden until an owner
// confirms current checks; a person asks to be introduced and the group receives the request.
// The Welsh test reads its words from the message files.

type Messages = Record<string, string>;
const messages = (path: string): Messages => JSON.parse(readFileSync(new URL(`../../messages/${path}`, import.meta.url), 'utf8'));
const cy = { ...messages('cy.json'), ...messages('journey/cy.json'), ...messages('network/cy.json') };

/** The demo owner's group dashboard (Aberdare Men's Shed), signed in. */
async function ownersDashboard(page: Page, check: () => Promise<void>): Promise<{ id: string; name: string }> {
	await signedIn(page, owner);
	await page.goto('/groups');
	await check();
	const link = page.locator('main a[href^="/groups/"]').filter({ hasText: "Aberdare Men's Shed" }).first();
	await link.click();
	await expect(page.getByText('Your role in this group: owner.')).toBeVisible();
	await check();
	return { id: new URL(page.url()).pathname.split('/').pop()!, name: "Aberdare Men's Shed" };
}

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

test.describe('peer support', () => {
	test('a supporter is hidden until an owner confirms current checks; a person asks to be introduced and the group receives it', async ({
		page, browser, baseURL, expectAccessible, expectedStatuses
	}) => {
		test.setTimeout(180_000);
		expectedStatuses.add(400).add(409); // forms sent back with problems; a confirmation refused
		const supporterName = `Rhys ${Date.now() % 100000}`;
		const group = await ownersDashboard(page, () => expectAccessible());

		// The group adds a supporter; contact details in the public line are explained and nothing typed is lost.
		await follow(page.getByRole('link', { name: 'Peer supporters and introductions' }));
		await expectAccessible();
		await follow(page.getByRole('link', { name: 'Add a peer supporter' }));
		await expectAccessible();
		await page.getByLabel('First name or the name they\'d like to use').fill(supporterName);
		await page.getByLabel('In their own words: “I\'ve been there”').fill('I lost my job at 55 and found my feet again at the shed. Ring me on 07700 900123.');
		await page.getByRole('checkbox', { name: 'I want to see people more' }).first().check();
		await page.getByRole('button', { name: 'Save and go on to their checks' }).click();
		await expect(page.getByRole('alert')).toContainText('a phone number (07700 900123)');
		await expect(page.getByLabel('First name or the name they\'d like to use')).toHaveValue(supporterName);
		await expectAccessible();
		await page.getByLabel('In their own words: “I\'ve been there”').fill('I lost my job at 55 and found my feet again at the shed. Happy to have a cuppa and a chat.');
		await page.getByLabel('When they\'re usually around (if you\'d like)').fill('Tuesday mornings at the shed');
		await page.getByRole('button', { name: 'Save and go on to their checks' }).click();
		await expect(page.getByRole('heading', { level: 1, name: supporterName })).toBeVisible();
		await expect(page.getByText('Not shown yet.')).toBeVisible();
		await expectAccessible();
		const supporterPage = page.url();

		// Not on the public page yet, even when someone asks to show them.
		const visitor = await anotherDevice(browser, { baseURL }, expectedStatuses);
		const checkVisitor = () => expectAccessible(visitor.page);
		await visitor.page.goto(`/organisations/${group.id}`);
		await checkVisitor();
		await expect(visitor.page.getByRole('heading', { level: 1, name: group.name })).toBeVisible();
		await expect(visitor.page.getByText(supporterName)).toHaveCount(0);
		await page.getByRole('button', { name: 'Show on our page' }).click();
		await expect(page.getByRole('alert')).toContainText('once their checks are current');
		await expectAccessible();

		// A DBS check from four years ago cannot be confirmed; a current one can.
		await page.getByRole('radio', { name: 'DBS check (England and Wales)' }).check();
		await page.getByLabel('Date of the check').fill(isoDaysAgo(4 * 365 + 5));
		await page.getByLabel('Training they\'ve done').fill('Peer support training, Mind Cymru');
		await page.getByLabel('When they finished it').fill(isoDaysAgo(200));
		await page.getByLabel('Their supervisor').fill('Gareth (shed coordinator)');
		await page.getByRole('checkbox', { name: 'I confirm these checks are in place and current for this role.' }).check();
		await page.getByRole('button', { name: 'Save the checks' }).click();
		await expect(page.getByRole('alert')).toContainText('more than three years old');
		await expect(page.getByLabel('Their supervisor')).toHaveValue('Gareth (shed coordinator)');
		await expectAccessible();
		await page.getByLabel('Date of the check').fill(isoDaysAgo(100));
		await page.getByRole('checkbox', { name: 'I confirm these checks are in place and current for this role.' }).check();
		await page.getByRole('button', { name: 'Save the checks' }).click();
		await expect(page.getByRole('status')).toContainText('Checks confirmed');
		await expectAccessible();
		await page.getByRole('button', { name: 'Show on our page' }).click();
		await expect(page.getByRole('status')).toContainText('now shown');
		await expect(page.getByText('Shown on your group\'s page', { exact: true })).toBeVisible();
		await expectAccessible();

		// Now the public sees them, with no contact details and no safeguarding details.
		await visitor.page.reload();
		await checkVisitor();
		const card = visitor.page.locator('li', { has: visitor.page.getByRole('heading', { name: supporterName }) });
		await expect(card).toContainText('Happy to have a cuppa and a chat');
		await expect(card).toContainText('Tuesday mornings at the shed');
		await expect(visitor.page.getByText('Gareth (shed coordinator)')).toHaveCount(0);
		await expect(visitor.page.getByText('Peer support training, Mind Cymru')).toHaveCount(0);

		// The visitor asks to be introduced: consent is needed, and what they typed stays.
		await card.getByRole('link', { name: `Ask to be introduced to ${supporterName}` }).click();
		await checkVisitor();
		await expect(visitor.page.getByRole('heading', { level: 1, name: `Ask to be introduced to ${supporterName}` })).toBeVisible();
		await visitor.page.getByLabel('What should they call you?').fill('Dai');
		await visitor.page.getByLabel('Phone number').fill('01685 000000');
		await visitor.page.getByLabel('Anything you\'d like them to know (if you\'d like)').fill('I\'ve been out of work a while and would like to talk to someone who gets it.');
		await visitor.page.getByRole('button', { name: 'Ask for an introduction' }).click();
		await expect(visitor.page.getByRole('alert')).toContainText('Tick the box');
		await expect(visitor.page.getByLabel('What should they call you?')).toHaveValue('Dai');
		await checkVisitor();
		await visitor.page.getByRole('checkbox', { name: /happy for Aberdare Men's Shed to see these details/ }).check();
		await visitor.page.getByRole('button', { name: 'Ask for an introduction' }).click();
		await expect(visitor.page.getByRole('status')).toContainText('has your request');
		await checkVisitor();
		await visitor.close();

		// The group receives it in its inbox and moves it on.
		await page.goto(`/groups/${group.id}/inbox`);
		await expectAccessible();
		const request = page.locator('article', { has: page.getByRole('heading', { name: `Dai would like to meet ${supporterName}` }) });
		await expect(request).toContainText('01685 000000');
		await expect(request).toContainText('I\'m asking for myself');
		await request.getByRole('button', { name: /We're arranging it/ }).click();
		await expect(request).toContainText('We\'re arranging it');
		await expectAccessible();

		// Changing a check afterwards needs confirming again, and hides the supporter meanwhile.
		await page.goto(supporterPage);
		await expectAccessible();
		await page.getByLabel('Their supervisor').fill('Sian (volunteer lead)');
		await page.getByRole('button', { name: 'Save the checks' }).click();
		await expect(page.getByText('An owner needs to confirm their checks.')).toBeVisible();
		await expectAccessible();
	});

	test('the introduction page in Welsh on a small phone', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400); // the form sent back with its problems
		await page.setViewportSize({ width: 320, height: 640 });
		// A group from the directory: the first offer found, then its group.
		await page.goto('/cy/find?where=CF44');
		await expectAccessible();
		await follow(page.locator('main a[href*="/offers/"]').first());
		await expectAccessible();
		const first = await page.locator('main a[href*="/organisations/"]').first().getAttribute('href');
		expect(first, 'a group to ask').toMatch(/\/organisations\/[0-9a-f-]{36}$/);
		await page.goto(`${first}/introduction`);
		await expectAccessible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
		await expect(page.getByRole('heading', { level: 1, name: cy.introduction_title })).toBeVisible();
		await page.getByRole('button', { name: cy.introduction_submit }).click();
		await expect(page.getByRole('alert')).toContainText(cy.contact_problem_name_missing!);
		await expectAccessible();
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow, 'no sideways scrolling at 320px').toBeLessThanOrEqual(0);
	});
});
