import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { anotherDevice, owner, quickExitUrl, signedIn } from './helpers';

// The "what matters to you" journey (issue 5): one question a screen, a saved plan opened on
// another device, "ask them to get in touch" landing in the group's inbox, saying what helped,
// removing a plan, and the quick exit. The Welsh test reads its words from the message files.

/** Every message key the app has (the compiled message functions carry the same names). */
type Messages = Record<Exclude<keyof typeof import('../../src/lib/paraglide/messages.js'), 'm'>, string>;
const messages = (path: string): Messages => JSON.parse(readFileSync(new URL(`../../messages/${path}`, import.meta.url), 'utf8'));
const cy = { ...messages('cy.json'), ...messages('groups/cy.json'), ...messages('journey/cy.json') };
const en = { ...messages('en.json'), ...messages('groups/en.json'), ...messages('journey/en.json') };
/** A message with its {placeholders} filled in. */
const say = (text: string, values: Record<string, string | number> = {}) =>
	text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
/** A message as a pattern, with anything allowed where its placeholders are. */
const like = (text: string) =>
	new RegExp(text.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+'));

/** The everyday page the quick exit goes to, served locally: nothing may leave the machine. */
const weatherPage = '<!doctype html><html lang="en"><head><title>Weather</title></head><body><main><h1>Weather</h1><p>Sunny spells.</p></main></body></html>';


/** The demo owner's group (its dashboard) and its offers in the directory, read from the dashboard. */
async function ownersGroup(page: Page, check: () => Promise<void>) {
	await signedIn(page, owner);
	await page.goto('/groups');
	await check();
	const groups = await page.locator('main a').evaluateAll((links) =>
		links.map((a) => a.getAttribute('href') ?? '').filter((href) => /^\/groups\/[0-9a-f-]{36}$/.test(href))
	);
	expect(groups.length, 'the demo owner\'s groups').toBeGreaterThan(0);
	await page.locator(`main a[href="${groups[0]}"]`).first().click();
	await expect(page.getByText('Your role in this group: owner.')).toBeVisible();
	await check();
	const dashboard = new URL(page.url()).pathname;
	const published = page.locator('main table tbody tr').filter({ hasText: 'in the directory' }).locator('td:first-child a');
	const offers = await published.evaluateAll((links) =>
		links.map((a) => ({ id: a.getAttribute('href')!.split('/').pop()!, title: a.textContent!.trim() }))
	);
	expect(offers.length, 'published offers of the demo owner\'s group').toBeGreaterThan(0);
	return { dashboard, offers };
}

test.describe('a newcomer on a small phone, in Welsh', () => {
	test.use({ viewport: { width: 320, height: 640 } });

	test('answers the questions, saves a plan, asks a group to get in touch, says what helped, and leaves quickly', async ({
		page, browser, baseURL, expectAccessible, expectedStatuses
	}) => {
		test.setTimeout(120_000);
		expectedStatuses.add(400); // a place we can't find, a request without consent

		// The group the demo owner runs, and its offers in the directory (the owner's own device).
		const ownerDevice = await anotherDevice(browser, { baseURL }, expectedStatuses);
		const ownerPage = ownerDevice.page;
		const checkOwner = () => expectAccessible(ownerPage);
		const group = await ownersGroup(ownerPage, checkOwner);

		// From the Welsh home page to the first question.
		await page.goto('/cy');
		await expectAccessible();
		await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
		await expect(page.getByRole('link', { name: cy.quick_exit })).toHaveAttribute('href', quickExitUrl);
		await page.getByRole('link', { name: cy.home_journey_start }).click();
		await expect(page).toHaveURL(/\/cy\/what-matters$/);
		const heading = page.getByRole('heading', { level: 1 });
		await expect(heading).toHaveText(cy.journey_q_matters);
		await expect(page.getByText(say(cy.journey_progress, { number: 1, total: 5 }))).toBeVisible();
		await expectAccessible();
		const next = page.getByRole('button', { name: cy.journey_next, exact: true });
		const skip = page.getByRole('button', { name: cy.journey_skip });

		// 1. What matters: an "I want…" statement and a few words of their own.
		await page.getByLabel('Rydw i eisiau dysgu sgiliau newydd').check();
		await page.getByLabel(cy.journey_matters_words_label).fill('Hoffwn i ddysgu trwsio pethau gyda phobl eraill.');
		await next.click();
		await expect(heading).toHaveText(cy.journey_q_going_well);
		await expect(heading).toBeFocused();
		await expectAccessible();

		// 2. What's going well.
		await page.getByLabel(cy.journey_going_well_label).fill("Rydw i'n dda gyda fy nwylo.");
		await next.click();
		await expect(heading).toHaveText(cy.journey_q_concerns);
		await expectAccessible();

		// 3. Concerns: skipped.
		await skip.click();
		await expect(heading).toHaveText(cy.journey_q_where);
		await expectAccessible();

		// 4. Where: a place that doesn't exist is explained in Welsh and what was typed stays.
		const where = page.locator('#where');
		await where.fill('Llanfairnunlle');
		await next.click();
		await expect(page.getByRole('alert')).toContainText(cy.journey_problem_unknown_place);
		await expect(heading).toHaveText(cy.journey_q_where);
		await expect(where).toHaveValue('Llanfairnunlle');
		await expect(where).toHaveAttribute('aria-invalid', 'true');
		await expectAccessible();
		await where.fill('CF44');
		await next.click();
		await expect(heading).toHaveText(cy.journey_q_easier);
		await expectAccessible();

		// Back one question: the place is still there. Then on again.
		await page.getByRole('button', { name: cy.journey_back }).click();
		await expect(heading).toHaveText(cy.journey_q_where);
		await expect(where).toHaveValue('CF44');
		await expectAccessible();
		await next.click();
		await expect(heading).toHaveText(cy.journey_q_easier);
		await expectAccessible();

		// 5. What would make it easier: free.
		await page.getByLabel(cy.easier_free, { exact: true }).check();
		await next.click();
		await expect(heading).toHaveText(cy.journey_q_review);
		await expectAccessible();

		// Review: what they chose is ticked.
		await expect(page.getByLabel('Rydw i eisiau dysgu sgiliau newydd')).toBeChecked();
		await page.getByRole('button', { name: cy.journey_show_results }).click();

		// Results near the place, with their words (not saved) and the group's offer to add.
		await expect(heading).toHaveText(new RegExp(`^${say(cy.journey_results_title_near, { place: 'CF44' })}`));
		await expect(page).toHaveURL(/\/cy\/what-matters$/);
		await expect(page.getByRole('heading', { name: cy.journey_words_heading })).toBeVisible();
		await expect(page.getByText('Hoffwn i ddysgu trwsio pethau gyda phobl eraill.')).toBeVisible();
		await expect(page.getByText(say(cy.journey_summary_easier, { choices: cy.easier_free }))).toBeVisible();
		await expectAccessible();
		const shown = await page.locator('input[name=offer]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
		const chosen = group.offers.find((offer) => shown.includes(offer.id));
		expect(chosen, `one of ${group.offers.map((o) => o.title).join(', ')} among the results`).toBeTruthy();
		const box = page.locator(`input[name=offer][value="${chosen!.id}"]`);
		await expect(box).toHaveAccessibleName(new RegExp(`^${cy.journey_add_to_plan}\\s*: \\S`));
		const title = ((await box.evaluate((input) => input.closest('label')!.textContent)) ?? '').split(':').slice(1).join(':').trim();
		await box.check();
		await page.getByRole('button', { name: cy.journey_save }).click();

		// The plan, with its private link.
		await expect(page).toHaveURL(/\/cy\/plan\/[^/?]+\?saved=1$/);
		await expect(heading).toHaveText(cy.plan_title);
		await expect(page.getByRole('status').filter({ hasText: cy.plan_saved })).toBeVisible();
		await expectAccessible();
		const planLink = await page.getByLabel(cy.plan_link_label).inputValue();
		expect(planLink).toMatch(new RegExp(`^${baseURL}/cy/plan/[^/?]+$`));

		// Another device opens the link and asks the group to get in touch.
		const phone = await anotherDevice(browser, { baseURL, viewport: { width: 320, height: 640 } }, expectedStatuses);
		const other = phone.page;
		await other.goto(planLink);
		await expect(other.getByRole('heading', { level: 1 })).toHaveText(cy.plan_title);
		await expect(other.getByText('Rydw i eisiau dysgu sgiliau newydd')).toBeVisible();
		const planned = other.getByRole('article').filter({ has: other.getByRole('heading', { name: title }) });
		await expect(planned).toBeVisible();
		await expectAccessible(other);
		await planned.getByRole('link', { name: new RegExp(`^${cy.plan_ask_contact}`) }).click();
		await expect(other).toHaveURL(new RegExp(`/cy/offers/${chosen!.id}/contact\\?plan=`));
		await expect(other.getByRole('heading', { level: 1 })).toHaveText(cy.contact_title);
		await expectAccessible(other);

		const name = `Dewi ${Math.floor(Math.random() * 1e4)}`;
		const words = "Hoffwn i ddod draw ddydd Sadwrn. Oes angen dod ag unrhyw beth?";
		await other.getByLabel(cy.contact_name_label).fill(name);
		await other.getByLabel(cy.contact_email_label).fill('dewi@example.org');
		await other.getByLabel(cy.contact_best_time_label).fill('Boreau');
		await other.getByLabel(cy.contact_message_label).fill(words);
		await expect(other.getByText(say(cy.characters_left, { left: 1000 - words.length, max: 1000 }))).toBeVisible();
		await other.getByRole('button', { name: cy.contact_submit }).click();
		await expect(other.getByRole('alert')).toContainText(cy.contact_problem_consent_missing);
		await expect(other.getByLabel(cy.contact_name_label)).toHaveValue(name);
		await expect(other.getByLabel(cy.contact_message_label)).toHaveValue(words);
		await expect(other.locator('#consent')).toHaveAttribute('aria-invalid', 'true');
		await expectAccessible(other);
		await other.locator('#consent').check();
		await other.getByRole('button', { name: cy.contact_submit }).click();
		await expect(other.getByRole('heading', { name: cy.contact_next_heading })).toBeVisible();
		await expect(other.getByRole('status').filter({ hasText: like(cy.contact_sent) })).toBeVisible();
		await expect(other.getByText(like(cy.contact_next_reply))).toBeVisible();
		await expect(other.getByRole('link', { name: cy.contact_back_to_plan })).toHaveAttribute('href', new URL(planLink).pathname);
		await expectAccessible(other);
		await phone.close();

		// The owner sees the request in the group's inbox (from the dashboard) and marks it.
		await ownerPage.goto(group.dashboard);
		await checkOwner();
		const inbox = ownerPage.getByRole('link', { name: new RegExp(`^${en.inbox_title} \\(${say(en.inbox_new_count, { count: '\\d+' })}\\)$`) });
		await expect(inbox).toBeVisible();
		await inbox.click();
		await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(en.inbox_title);
		await checkOwner();
		const request = ownerPage.getByRole('article').filter({ has: ownerPage.getByRole('heading', { name: new RegExp(`^${name}, about`) }) });
		await expect(request).toContainText('dewi@example.org');
		await expect(request).toContainText(words);
		await expect(request).toContainText('Boreau');
		await expect(request).toContainText(en.inbox_language_cy);
		await expect(request).toContainText(en.inbox_status_new);
		await request.getByRole('button', { name: en.inbox_mark_contacted }).click();
		await expect(ownerPage.getByRole('status').filter({ hasText: say(en.inbox_marked, { status: en.inbox_status_contacted }) })).toBeVisible();
		await expect(request).toContainText(en.inbox_status_contacted);
		await expect(request.getByRole('button', { name: en.inbox_mark_contacted })).toHaveCount(0);
		await checkOwner();
		await ownerDevice.close();

		// Later, from the home page, the newcomer opens the plan link again and says it helped a lot.
		await page.goto('/cy');
		await expectAccessible();
		await page.goto(planLink);
		await expect(heading).toHaveText(cy.plan_title);
		await expectAccessible();
		const item = page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
		await item.getByText(cy.plan_feedback_open).click();
		await item.getByRole('radio', { name: cy.rating_helped_a_lot }).check();
		await item.getByLabel(cy.plan_feedback_note_label).fill('Roedd pawb yn garedig iawn, a thrwsion ni lamp.');
		await expectAccessible();
		await item.getByRole('button', { name: cy.plan_feedback_submit }).click();
		await expect(item.getByRole('status')).toHaveText(say(cy.plan_feedback_given, { rating: cy.rating_helped_a_lot }));
		await expect(item.getByRole('radio')).toHaveCount(0);
		await expectAccessible();

		// Escape twice leaves for an everyday page, and the back button doesn't bring the plan back.
		await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: weatherPage }));
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
		await expect(page).toHaveURL(quickExitUrl);
		await expect(page.getByRole('heading', { name: 'Weather' })).toBeVisible();
		await expectAccessible();
		await page.goBack();
		await expect(page).toHaveURL(`${baseURL}/cy`);
		await expect(heading).toHaveText(cy.home_title);
		await expect(page.getByRole('heading', { name: cy.plan_title })).toHaveCount(0);
		await expectAccessible();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the journey works as plain forms: skip to the results, save a plan and open it', async ({ page, expectAccessible }) => {
		await page.goto('/what-matters');
		await expectAccessible();
		const heading = page.getByRole('heading', { level: 1 });
		await expect(heading).toHaveText(en.journey_q_matters);
		await expect(page.getByRole('link', { name: en.quick_exit })).toHaveAttribute('href', quickExitUrl);
		const skip = page.getByRole('button', { name: en.journey_skip });

		for (const question of [en.journey_q_going_well, en.journey_q_concerns]) {
			await skip.click();
			await expect(heading).toHaveText(question);
			await expectAccessible();
		}
		// Back works as a plain button too.
		await page.getByRole('button', { name: en.journey_back }).click();
		await expect(heading).toHaveText(en.journey_q_going_well);
		await expectAccessible();
		for (const question of [en.journey_q_concerns, en.journey_q_where, en.journey_q_easier, en.journey_q_review]) {
			await skip.click();
			await expect(heading).toHaveText(question);
			await expectAccessible();
		}
		await page.getByRole('button', { name: en.journey_show_results }).click();
		await expect(heading).toHaveText(en.journey_results_title);
		await expect(page.getByText(en.journey_summary_no_outcomes)).toBeVisible();
		await expectAccessible();

		const first = page.getByRole('checkbox', { name: new RegExp(`^${en.journey_add_to_plan}\\s*: \\S`) }).first();
		const title = ((await first.evaluate((input) => input.closest('label')!.textContent)) ?? '').split(':').slice(1).join(':').trim();
		await first.check();
		await page.getByRole('button', { name: en.journey_save }).click();
		await expect(page).toHaveURL(/\/plan\/[^/?]+\?saved=1$/);
		await expect(heading).toHaveText(en.plan_title);
		await expect(page.getByText(en.plan_saved)).toBeVisible();
		await expectAccessible();

		const link = await page.getByLabel(en.plan_link_label).inputValue();
		await page.goto(link);
		await expect(heading).toHaveText(en.plan_title);
		await expect(page.getByText(en.plan_matters_none)).toBeVisible();
		await expect(page.getByRole('article').getByRole('heading', { name: title })).toBeVisible();
		await expect(page.getByRole('link', { name: en.quick_exit })).toHaveAttribute('href', quickExitUrl);
		await expectAccessible();
	});
});

test.describe('plans and the quick exit', () => {
	test('a removed plan is gone: its old link gets a kind page', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(404); // the removed plan's link
		await page.goto('/what-matters');
		await expectAccessible();
		const heading = page.getByRole('heading', { level: 1 });
		await page.getByLabel('I want to see people more').check();
		await page.getByRole('button', { name: en.journey_next, exact: true }).click();
		await expect(heading).toHaveText(en.journey_q_going_well);
		await expectAccessible();
		for (const question of [en.journey_q_concerns, en.journey_q_where, en.journey_q_easier, en.journey_q_review]) {
			await page.getByRole('button', { name: en.journey_skip }).click();
			await expect(heading).toHaveText(question);
			await expectAccessible();
		}
		await expect(page.getByLabel('I want to see people more')).toBeChecked();
		await page.getByRole('button', { name: en.journey_show_results }).click();
		await expect(heading).toHaveText(en.journey_results_title);
		await expectAccessible();
		await page.getByRole('button', { name: en.journey_save }).click();
		await expect(page).toHaveURL(/\/plan\/[^/?]+\?saved=1$/);
		await expect(page.getByText('I want to see people more')).toBeVisible();
		await expectAccessible();
		const link = await page.getByLabel(en.plan_link_label).inputValue();

		await page.getByText(en.plan_remove_open, { exact: true }).and(page.locator('summary')).click();
		await expect(page.getByText(en.plan_remove_explain)).toBeVisible();
		await expectAccessible();
		await page.getByRole('button', { name: en.plan_remove_confirm }).click();
		await expect(page).toHaveURL(/\/plan\/removed$/);
		await expect(heading).toHaveText(en.plan_removed_title);
		await expectAccessible();

		const response = await page.goto(link);
		expect(response?.status()).toBe(404);
		await expect(heading).toHaveText(en.plan_not_found_title);
		await expect(page.getByText(en.plan_not_found_removed)).toBeVisible();
		await expect(page.getByRole('link', { name: en.plan_start_again })).toHaveAttribute('href', '/what-matters');
		await expectAccessible();
	});

	test('"Leave this site quickly" replaces the journey, so the back button goes to the page before it', async ({ page, expectAccessible }) => {
		await page.route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: weatherPage }));
		await page.goto('/');
		await expectAccessible();
		await page.getByRole('link', { name: en.home_journey_start }).click();
		const heading = page.getByRole('heading', { level: 1 });
		await expect(heading).toHaveText(en.journey_q_matters);
		await expectAccessible();
		await page.getByLabel(en.journey_matters_words_label).fill('I feel alone since I moved here.');
		await page.getByRole('button', { name: en.journey_next, exact: true }).click();
		await expect(heading).toHaveText(en.journey_q_going_well);
		await expectAccessible();

		await page.getByRole('link', { name: en.quick_exit }).click();
		await expect(page).toHaveURL(quickExitUrl);
		await expectAccessible();
		await page.goBack();
		await expect(page).toHaveURL(/\/$/);
		await expect(heading).toHaveText(en.home_title);
		await expect(page.getByText('I feel alone since I moved here.')).toHaveCount(0);
		await expectAccessible();
	});
});
