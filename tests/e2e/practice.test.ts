import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { admin, anotherDevice, owner, signedIn } from './helpers';

// A practitioner's "what matters" conversation (issue 6): the record with autosave, the search
// beside it, signposts and a referral, the person's plan in Welsh with its link and QR code, the
// group's side of a referral, and the follow-up. Then the record's privacy, erasure, and a dropped
// connection while typing. Words come from the message files (Welsh read as it is at test time).

const practitioner = { email: 'practitioner@demo.example.org', password: 'wm-demo-practitioner', name: 'Demo practitioner' };
const planner = { email: 'planner@demo.example.org', password: 'wm-demo-planner' };

/** Every message key the app has (the compiled message functions carry the same names). */
type Messages = Record<Exclude<keyof typeof import('../../src/lib/paraglide/messages.js'), 'm'>, string>;
const messages = (path: string): Messages => JSON.parse(readFileSync(new URL(`../../messages/${path}`, import.meta.url), 'utf8'));
const en: Messages = { ...messages('en.json'), ...messages('groups/en.json'), ...messages('journey/en.json'), ...messages('practice/en.json') };
const cy: Messages = { ...messages('cy.json'), ...messages('groups/cy.json'), ...messages('journey/cy.json'), ...messages('practice/cy.json') };
/** A message with its {placeholders} filled in. */
const say = (text: string, values: Record<string, string | number> = {}) =>
	text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A message as a pattern, with anything allowed where its placeholders are. */
const like = (text: string) => new RegExp(text.split(/\{\w+\}/).map(escape).join('.+'));

const stamp = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;


interface OwnersOffer {
	id: string;
	title: string;
	titleCy: string;
	district: string;
	statements: string[];
}

/** The demo owner's group (its dashboard) and one of its offers with a place: its postcode district and what it helps with. */
async function ownersGroup(page: Page, check: () => Promise<void>): Promise<{ dashboard: string; offer: OwnersOffer }> {
	await signedIn(page, owner);
	await page.goto('/groups');
	await check();
	const groups = await page.locator('main a').evaluateAll((links) =>
		links.map((a) => a.getAttribute('href') ?? '').filter((href) => /^\/groups\/[0-9a-f-]{36}$/.test(href))
	);
	expect(groups.length, "the demo owner's groups").toBeGreaterThan(0);
	await page.goto(groups[0]!);
	await expect(page.getByText('Your role in this group: owner.')).toBeVisible();
	await check();
	const dashboard = new URL(page.url()).pathname;
	const published = page.locator('main table tbody tr').filter({ hasText: 'in the directory' }).locator('td:first-child a');
	const offers = await published.evaluateAll((links) => links.map((a) => ({ id: a.getAttribute('href')!.split('/').pop()!, title: a.textContent!.trim() })));
	expect(offers.length, "published offers of the demo owner's group").toBeGreaterThan(0);

	// The first that meets somewhere with a postcode: the person's area is that district.
	for (const offer of offers) {
		await page.goto(`/offers/${offer.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(offer.title);
		await check();
		const postcode = /\b([A-Z]{1,2}\d[A-Z\d]?) \d[A-Z]{2}\b/.exec((await page.locator('main address').allTextContents()).join(' '));
		const helps = page.getByRole('heading', { name: en.offer_helps_with }).locator('xpath=following-sibling::ul[1]/li');
		const statements = (await helps.allTextContents()).map((s) => s.trim());
		if (!postcode || !statements.length) continue;
		await page.goto(`/cy/offers/${offer.id}`);
		const titleCy = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
		await check();
		return { dashboard, offer: { ...offer, titleCy, district: postcode[1]!, statements } };
	}
	throw new Error("none of the demo owner's offers meets at a place with a postcode");
}

/** Starts a record from "Start a conversation" and returns its id. */
async function startRecord(page: Page, check: () => Promise<void>, reference: string, options: { share?: boolean } = {}) {
	await page.goto('/practice');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.practice_title);
	await check();
	await page.getByLabel(en.practice_reference_label).fill(reference);
	await page.getByLabel(en.practice_consent_record).check();
	if (options.share) await page.getByLabel(en.practice_consent_share).check();
	await page.getByRole('button', { name: en.practice_start_submit }).click();
	await expect(page).toHaveURL(/\/practice\/conversations\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
	await check();
	return new URL(page.url()).pathname.split('/').pop()!;
}

/** The line that says whether what was typed is saved. */
const saveStatus = (page: Page) => page.locator('.save-status');

test.describe('a practitioner', () => {
	test('has a whole conversation: record, outcomes, search beside it, signposts and a referral, a Welsh plan, the group replies, the follow-up', async ({
		page, browser, baseURL, expectAccessible, expectedStatuses
	}) => {
		test.setTimeout(150_000);
		expectedStatuses.add(400); // a record started without the person's consent

		// The group the demo owner runs, one of its offers and where it meets (the owner's own device).
		const ownerDevice = await anotherDevice(browser, { baseURL }, expectedStatuses);
		const ownerPage = ownerDevice.page;
		const checkOwner = () => expectAccessible(ownerPage);
		const { dashboard, offer: theirs } = await ownersGroup(ownerPage, checkOwner);

		// Start a record: without consent to keep one it is refused, and nothing typed is lost.
		await signedIn(page, practitioner);
		await page.goto('/practice');
		const heading = page.getByRole('heading', { level: 1 });
		await expect(heading).toHaveText(en.practice_title);
		await expect(page.getByRole('heading', { name: en.practice_mine_heading })).toBeVisible();
		await expectAccessible();
		const reference = `MJ ${stamp()}`;
		await page.getByLabel(en.practice_reference_label).fill(reference);
		await page.getByLabel(en.practice_area_label).fill(theirs.district);
		await page.getByLabel(en.practice_consent_share).check();
		const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/practice?/start'));
		await page.getByRole('button', { name: en.practice_start_submit }).click();
		expect((await refused).status()).toBe(400);
		await expect(page.getByRole('alert')).toContainText(en.practice_problem_consent_record_missing);
		await expect(page.getByLabel(en.practice_reference_label)).toHaveValue(reference);
		await expect(page.getByLabel(en.practice_area_label)).toHaveValue(theirs.district);
		await expect(page.getByLabel(en.practice_consent_share)).toBeChecked();
		await expect(page.getByLabel(en.practice_consent_record)).toHaveAttribute('aria-invalid', 'true');
		await expectAccessible();
		await page.getByLabel(en.practice_consent_record).check();
		await page.getByRole('button', { name: en.practice_start_submit }).click();
		await expect(page).toHaveURL(/\/practice\/conversations\/[0-9a-f-]{36}$/);
		await expect(heading).toHaveText(reference);
		await expect(page.getByText(en.practice_may_share)).toBeVisible();
		await expectAccessible();
		const recordPath = new URL(page.url()).pathname;

		// Their words: typed, in Welsh and English with emoji, and a few lines pasted in.
		const words = {
			matters: "Dw i eisiau gweld pobl yn amlach, a chwarae'r delyn eto 🎶. Seeing my grandchildren — ŵ ŷ â.",
			concerns: 'Mae hi wedi bod yn unig ers i Mam farw 💙',
			strengths: 'Good with my hands 🔧\nGardd fach: tomatos a ffa 🍅\n\n  Ffrind da drws nesaf (Siân)\nMynd i’r capel ar y Sul'
		};
		await page.getByLabel(en.practice_prompt_matters, { exact: true }).fill(words.matters);
		await page.getByLabel(en.practice_prompt_concerns, { exact: true }).pressSequentially(words.concerns);
		await page.getByLabel(en.practice_prompt_strengths, { exact: true }).focus();
		await page.keyboard.insertText(words.strengths); // as a paste arrives: one input of several lines
		// An outcome that emerged, the one the group's offer helps with, as what matters most.
		const statement = (await Promise.all(theirs.statements.map(async (s) => ((await page.getByLabel(s, { exact: true }).count()) ? s : null)))).find(Boolean);
		expect(statement, `one of "${theirs.statements.join('", "')}" among the record's outcomes`).toBeTruthy();
		const outcome = page.locator('#outcome-field li').filter({ has: page.getByLabel(statement!, { exact: true }) });
		await outcome.getByLabel(statement!, { exact: true }).check();
		await outcome.getByRole('combobox').selectOption({ label: en.practice_priority_1 });
		await expect(saveStatus(page)).toHaveText(like(en.practice_saved_at), { timeout: 15_000 });
		await expectAccessible();

		// Reloaded, everything is there exactly as typed.
		await page.reload();
		await expect(heading).toHaveText(reference);
		await expect(page.getByLabel(en.practice_prompt_matters, { exact: true })).toHaveValue(words.matters);
		await expect(page.getByLabel(en.practice_prompt_concerns, { exact: true })).toHaveValue(words.concerns);
		await expect(page.getByLabel(en.practice_prompt_strengths, { exact: true })).toHaveValue(words.strengths);
		await expect(outcome.getByLabel(statement!, { exact: true })).toBeChecked();
		await expect(outcome.getByRole('combobox')).toHaveValue('1');
		await expect(page.getByText(en.practice_restored)).toHaveCount(0);
		await expectAccessible();

		// The search beside the record: near their district, for the outcome ticked.
		const search = page.locator('section.search');
		await expect(search.getByText(like(en.practice_search_near))).toBeVisible();
		const cards = search.locator('[data-offer-card]');
		await expect(cards.first()).toBeVisible();
		const signposts = page.locator('ul.signposts > li');
		await expect(signposts).toHaveCount(0);

		// A signpost by keyboard alone: from the search box, Tab to an offer (not the group's) and press S.
		await search.getByRole('searchbox').focus();
		let keyed: { id: string; title: string } | null = null;
		for (let i = 0; i < 40 && !keyed; i++) {
			await page.keyboard.press('Tab');
			keyed = await page.evaluate((skip) => {
				const link = document.activeElement;
				if (!(link instanceof HTMLAnchorElement) || !link.closest('[data-offer-card]')) return null;
				const id = link.pathname.split('/').pop()!;
				const title = [...link.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
				return id === skip ? null : { id, title };
			}, theirs.id);
		}
		expect(keyed, 'an offer reached with Tab').toBeTruthy();
		await page.keyboard.press('s');
		await expect(page.getByRole('status').filter({ hasText: en.practice_signposted })).toBeVisible();
		await expect(signposts).toHaveCount(1);
		await expect(signposts.first().getByRole('heading', { level: 3 })).toHaveText(keyed!.title);
		await expect(signposts.first()).toContainText(en.practice_kind_signpost);
		await expect(cards.filter({ has: page.locator(`a[href$="/offers/${keyed!.id}"]`) })).toContainText(en.practice_already_in_record);
		await expectAccessible();

		// A second signpost with its button, straight after typing a note: the note isn't lost.
		const note = 'Said yes to the café first; wants someone to go with her 🤝';
		await page.getByLabel(en.practice_prompt_notes, { exact: true }).fill(note);
		const another = cards
			.filter({ hasNot: page.locator(`a[href$="/offers/${theirs.id}"]`) })
			.filter({ has: page.getByRole('button', { name: new RegExp(`^${escape(en.practice_signpost)} – `) }) })
			.first();
		const secondTitle = await another
			.getByRole('heading', { level: 3 })
			.locator('a')
			.evaluate((a) => [...a.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());
		await another.getByRole('button', { name: new RegExp(`^${escape(en.practice_signpost)} – `) }).click();
		await expect(signposts).toHaveCount(2);
		await expect(page.getByRole('status').filter({ hasText: en.practice_signposted })).toBeVisible();
		await expect(page.getByLabel(en.practice_prompt_notes, { exact: true }), 'a note typed just before signposting is kept').toHaveValue(note);
		await expectAccessible();

		// A referral to the group's offer, with what the person agreed the group may know (found by its name).
		await search.getByRole('searchbox').fill(theirs.title);
		await search.getByRole('searchbox').press('Enter');
		await expect(page).toHaveURL(/[?&]q=/);
		const theirCard = cards.filter({ has: page.locator(`a[href$="/offers/${theirs.id}"]`) });
		await expect(theirCard).toBeVisible();
		await expectAccessible();
		const shared = `Rhian ${stamp()}, 07700 900123.\nPrefers a call after 4pm; a bit nervous about coming alone.`;
		await theirCard.getByText(en.practice_refer_with_details).click();
		await theirCard.getByLabel(en.practice_shared_label).fill(shared);
		await expectAccessible();
		await theirCard.locator('details').getByRole('button', { name: en.practice_refer, exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: en.practice_referred })).toBeVisible();
		await expect(signposts).toHaveCount(3);
		const referral = signposts.filter({ has: page.getByRole('heading', { name: theirs.title, exact: true }) });
		await expect(referral).toContainText(en.practice_kind_referral);
		await expect(referral.locator('.shared')).toHaveText(say(en.practice_shared_with_group, { details: shared }));
		await expectAccessible();

		// The plan will be in Welsh, chosen in the record (and saved on its own).
		await page.getByLabel(en.practice_plan_language).selectOption('cy');
		await expect(saveStatus(page)).toHaveText(like(en.practice_saved_at), { timeout: 15_000 });
		await expectAccessible();

		// The printable plan opens in the person's language, the whole page: Welsh headings, their words,
		// the outcome and the three offers, and the times and places in Welsh too.
		await page.getByRole('link', { name: en.practice_plan_link }).click();
		await expect(page).toHaveURL(new RegExp(`/cy${recordPath}/plan$`));
		const plan = page.locator('article.plan');
		await expect(plan).toHaveAttribute('lang', 'cy');
		await expect(heading).toHaveText(cy.practice_plan_title);
		for (const key of ['practice_plan_words', 'practice_plan_strengths', 'practice_plan_outcomes', 'practice_plan_offers', 'practice_plan_contact'] as const) {
			await expect(plan.getByRole('heading', { level: 2, name: cy[key], exact: true }), key).toBeVisible();
		}
		await expect(plan.locator('p.words').first()).toHaveText(words.matters);
		await expect(plan.locator('section.offer')).toHaveCount(3);
		const theirPlanned = plan.locator('section.offer').filter({ has: page.getByRole('heading', { name: theirs.titleCy, exact: true }) });
		await expect(theirPlanned).toBeVisible();
		await expect(plan).toContainText(practitioner.email);
		await expectAccessible();

		// A link and QR code for the person's own phone.
		await page.getByRole('button', { name: cy.practice_make_link }).click();
		await expect(plan.getByRole('heading', { name: cy.practice_plan_keep })).toBeVisible();
		await expect(plan.getByRole('img', { name: cy.practice_plan_qr_alt })).toBeVisible();
		const link = (await plan.locator('.plan-link').textContent())!.trim();
		expect(link).toMatch(new RegExp(`^${escape(baseURL!)}/cy/plan/[^/?#\\s]+$`));
		await expectAccessible();

		// The person opens the link on their phone: the self-service plan, in Welsh, with the same offers.
		const phone = await anotherDevice(browser, { baseURL, viewport: { width: 360, height: 740 } }, expectedStatuses);
		await phone.page.goto(link);
		await expect(phone.page.getByRole('heading', { level: 1 })).toHaveText(cy.plan_title);
		await expect(phone.page.locator('html')).toHaveAttribute('lang', 'cy');
		await expect(phone.page.getByText(statement!)).toHaveCount(0); // the outcome is in Welsh, not as the practitioner saw it
		await expect(phone.page.locator('ol.plan-offers > li')).toHaveCount(3);
		const theirOnPhone = phone.page.getByRole('article').filter({ has: phone.page.getByRole('heading', { name: theirs.titleCy, exact: true }) });
		await expect(theirOnPhone).toBeVisible();
		await expect(phone.page.getByText(words.matters)).toHaveCount(0); // their words stay in the record
		await expectAccessible(phone.page);
		// When, where and how to reach the group read the same on paper as on the phone: all in Welsh.
		const facts = async (items: Locator) => (await items.allTextContents()).map((s) => s.trim());
		const onPhone = await facts(theirOnPhone.locator('ul.facts > li'));
		expect(onPhone.length).toBeGreaterThan(0);
		expect(await facts(theirPlanned.locator('ul > li')), 'the printed plan says when, where and how in Welsh').toEqual(onPhone);
		await phone.close();

		// The group sees the referral in its inbox, with what was shared and who referred, and says they're attending.
		await ownerPage.goto(`${dashboard}/inbox`);
		await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText(en.inbox_title);
		await expect(ownerPage.getByRole('heading', { name: en.inbox_referrals_heading })).toBeVisible();
		await checkOwner();
		const received = ownerPage
			.getByRole('article')
			.filter({ has: ownerPage.getByRole('heading', { name: say(en.inbox_referral_heading, { offer: theirs.title }), exact: true }) })
			.filter({ hasText: shared.split('\n')[0]! });
		await expect(received).toHaveCount(1);
		await expect(received.locator('.message')).toHaveText(shared);
		await expect(received).toContainText(practitioner.name);
		await expect(received.getByRole('link', { name: practitioner.email })).toHaveAttribute('href', `mailto:${practitioner.email}`);
		await expect(received).not.toContainText(words.matters.slice(0, 20));
		await expect(received).not.toContainText(reference);
		await received.getByLabel(en.practice_signpost_status).selectOption({ label: en.practice_signpost_attending });
		await received.getByRole('button', { name: new RegExp(`^${escape(en.practice_update_status)}`) }).click();
		await expect(ownerPage.getByRole('status').filter({ hasText: en.account_saved })).toBeVisible();
		await expect(received.getByLabel(en.practice_signpost_status)).toHaveValue('attending');
		await checkOwner();
		await ownerDevice.close();

		// Back in the record, the referral says "Attending"; the keyboard signpost is followed up: it helped a lot.
		await page.goto(recordPath);
		await expect(heading).toHaveText(reference);
		await expect(referral.getByLabel(en.practice_signpost_status)).toHaveValue('attending');
		await expect(referral.getByLabel(en.practice_signpost_status).locator('option:checked')).toHaveText(en.practice_signpost_attending);
		await expectAccessible();
		const followed = signposts.filter({ has: page.getByRole('heading', { name: keyed!.title, exact: true }) });
		await followed.getByText(en.practice_follow_up_open).click();
		await followed.getByRole('radio', { name: en.rating_helped_a_lot }).check();
		await followed.getByLabel(en.practice_follow_up_note).fill('Went twice, made a friend 🙂');
		await expectAccessible();
		await followed.getByRole('button', { name: en.practice_follow_up_submit }).click();
		await expect(followed.getByText(like(say(en.practice_followed_up, { rating: en.rating_helped_a_lot })))).toBeVisible();
		await expect(followed.getByRole('radio')).toHaveCount(0);
		await expect(signposts.filter({ hasNot: page.getByRole('heading', { name: keyed!.title, exact: true }) }).getByText(en.practice_follow_up_open)).toHaveCount(2);
		await expect(page.getByRole('heading', { level: 3, name: secondTitle, exact: true }).first()).toBeVisible();
		await expectAccessible();
	});

	test("keeps the record private: other accounts can't open it or download it; the holder can", async ({
		page, browser, baseURL, request, expectAccessible, expectedStatuses
	}) => {
		expectedStatuses.add(403).add(404);
		await signedIn(page, practitioner);
		const words = `Private words ${stamp()} 🔒`;
		const id = await startRecord(page, expectAccessible, `PR ${stamp()}`);
		await page.getByLabel(en.practice_prompt_matters, { exact: true }).fill(words);
		await expect(saveStatus(page)).toHaveText(like(en.practice_saved_at), { timeout: 15_000 });
		await expectAccessible();
		const record = `/practice/conversations/${id}`;

		// The holder downloads everything held, as a file.
		const mine = await page.request.get(`${record}/export`);
		expect(mine.status()).toBe(200);
		expect(mine.headers()['content-disposition']).toMatch(/^attachment;/);
		expect((await mine.json()).conversation.words_matters).toBe(words);

		// Someone signed out is sent to sign in.
		const nobody = await request.get(`${record}/export`, { maxRedirects: 0 });
		expect(nobody.status()).toBe(303);
		expect(nobody.headers()['location']).toMatch(/^\/sign-in\?/);

		// A planner (no practitioner role) is turned away from the record, its plan and its file.
		const plannerDevice = await anotherDevice(browser, { baseURL }, expectedStatuses);
		const other = plannerDevice.page;
		await signedIn(other, planner);
		for (const path of [record, `${record}/plan`]) {
			const response = await other.goto(path);
			expect(response?.status(), path).toBe(403);
			await expect(other.getByRole('heading', { level: 1 })).toHaveText(en.access_refused_title);
			await expect(other.getByText(words)).toHaveCount(0);
			await expectAccessible(other);
		}
		const theirs = await other.request.get(`${record}/export`);
		expect(theirs.status()).toBe(403);
		expect(await theirs.text()).not.toContain(words);
		await plannerDevice.close();

		// An admin passes the role check but is not the holder: the record isn't there for them.
		const adminDevice = await anotherDevice(browser, { baseURL }, expectedStatuses);
		const adminPage = adminDevice.page;
		await signedIn(adminPage, admin);
		for (const path of [record, `${record}/plan`]) {
			const response = await adminPage.goto(path);
			expect(response?.status(), path).toBe(404);
			await expect(adminPage.getByText(words)).toHaveCount(0);
			await expectAccessible(adminPage);
		}
		const adminExport = await adminPage.request.get(`${record}/export`);
		expect(adminExport.status()).toBe(404);
		expect(await adminExport.text()).not.toContain(words);
		await adminDevice.close();
	});

	test('erases a record when the person asks: it leaves "My conversations" and its address is gone', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400).add(404); // erasing without ticking the box; the erased record's address
		await signedIn(page, practitioner);
		const reference = `ER ${stamp()}`;
		const id = await startRecord(page, expectAccessible, reference, { share: true });
		await page.getByLabel(en.practice_prompt_matters, { exact: true }).fill('Please forget me 🙏');
		await expect(saveStatus(page)).toHaveText(like(en.practice_saved_at), { timeout: 15_000 });
		await page.goto('/practice');
		await expect(page.getByRole('link', { name: reference, exact: true })).toBeVisible();
		await expectAccessible();
		await page.getByRole('link', { name: reference, exact: true }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
		await expectAccessible();

		// Without ticking the box, nothing is erased, and the practitioner is told why.
		const erase = page.locator('details').filter({ has: page.getByText(en.practice_erase_open, { exact: true }) });
		await erase.getByText(en.practice_erase_open, { exact: true }).click();
		await erase.getByRole('button', { name: en.practice_erase_submit }).click();
		await expect(page).toHaveURL(/\?\/erase$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(reference);
		await expect(erase.getByText(en.practice_erase_confirm_missing)).toBeAttached();
		// The refusal is shown where they were: the part they opened stays open (as the follow-up form does).
		await expect(erase.getByText(en.practice_erase_confirm_missing), 'the reason for refusing is visible').toBeVisible();
		await expectAccessible();
		if (!(await erase.evaluate((d) => (d as HTMLDetailsElement).open))) await erase.getByText(en.practice_erase_open, { exact: true }).click();
		await erase.getByLabel(en.practice_erase_confirm).check();
		await erase.getByRole('button', { name: en.practice_erase_submit }).click();
		await expect(page).toHaveURL(/\/practice\?erased=1$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(en.practice_title);
		await expect(page.getByRole('link', { name: reference })).toHaveCount(0);
		await expectAccessible();

		const response = await page.goto(`/practice/conversations/${id}`);
		expect(response?.status()).toBe(404);
		await expect(page.getByText(reference)).toHaveCount(0);
		await expectAccessible();
		expect((await page.request.get(`/practice/conversations/${id}/export`)).status()).toBe(404);
	});
});

test.describe('a practitioner with a dropped connection', () => {
	test('keeps what was typed offline and saves it when the connection returns', async ({ browser, baseURL, expectAccessible, expectedStatuses }) => {
		// Its own device: with the connection down, the browser itself logs the failed save
		// ("Failed to load resource: net::ERR_INTERNET_DISCONNECTED"), and that one message is expected here.
		const device = await anotherDevice(browser, { baseURL }, expectedStatuses, /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED$/);
		const { page, context } = device;
		const check = () => expectAccessible(page);
		await signedIn(page, practitioner);
		await startRecord(page, check, `OF ${stamp()}`);
		const concerns = page.getByLabel(en.practice_prompt_concerns, { exact: true });

		await context.setOffline(true);
		const typed = 'Lost the bus pass; ddim yn gallu mynd i’r dre 🚌\nWorried about the winter.';
		await concerns.fill(typed);
		await expect(saveStatus(page)).toHaveText(en.practice_offline, { timeout: 15_000 });
		await check();

		await context.setOffline(false);
		// Chromium tells the page it is back online; if it didn't, this would say so.
		await expect(saveStatus(page)).toHaveText(like(en.practice_saved_at), { timeout: 15_000 });
		await check();

		await page.reload();
		await expect(concerns).toHaveValue(typed);
		await expect(page.getByText(en.practice_restored)).toHaveCount(0); // from the server, not this tab's copy
		await check();
		await device.close();
	});
});
