import { test, expect } from './fixtures';
import { admin, confirmedAccount, follow, moderator, signOut, signedIn, switchTo } from './helpers';

// Community groups on the embedded server with the demo data: a new group registers, lists an
// offer, a moderator approves both, the public finds it and reports a problem without an
// account, and the group answers. Out-of-date offers sort below current ones.

test.describe('community groups', () => {
	test.describe('a new group, from registering to answering a report', () => {
		// One group and its offer, carried from each step to the next.
		test.describe.configure({ mode: 'serial' });
		let me: { email: string; password: string };
		let dashboard: string;
		const groupName = `Riverside Allotment Friends ${Date.now()}`;
		const offerTitle = `Seed swap and cuppa ${Date.now()}`;

		test('registers: bad input is explained next to each field and nothing typed is lost', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400); // forms sent back with problems
			me = await confirmedAccount(page, 'group');
			await page.goto('/groups');
			await expectAccessible();
			await follow(page.getByRole('link', { name: 'Register your group' }));
			await expectAccessible();
			await page.getByLabel('Name of your group').fill(groupName);
			await page.getByLabel('Phone number').fill('029 20 CALL US');
			await page.getByLabel('Email address').fill('hello@');
			await page.getByRole('button', { name: 'Register the group' }).click();
			const problems = page.getByRole('alert');
			await expect(problems).toContainText('Add a few words about it');
			await expect(problems).toContainText('Take out the letters');
			await expect(problems).toContainText('with an @ and a domain');
			await expect(page.getByLabel('Name of your group')).toHaveValue(groupName);
			await expectAccessible();
			await page.getByLabel('About your group', { exact: true }).fill('Neighbours growing food together by the river, all welcome.');
			await page.getByLabel('Phone number').fill('029 2000 0000');
			await page.getByLabel('Email address').fill('hello@riverside.example.org');
			await page.getByRole('button', { name: 'Register the group' }).click();
			await expect(page.getByRole('heading', { level: 1, name: groupName })).toBeVisible();
			await expect(page.getByText('A moderator will look at your group soon')).toBeVisible();
			await expectAccessible();
			dashboard = new URL(page.url()).pathname;
		});

		test('lists an offer: no outcome and a time that ends before it starts are each explained; not in the directory yet', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400);
			await signedIn(page, me);
			await page.goto(dashboard);
			await expectAccessible();
			await page.getByRole('link', { name: 'Add an offer' }).click();
			await expect(page).toHaveURL(/\/offers\/new$/);
			await expectAccessible();
			await page.getByLabel('Title', { exact: true }).fill(offerTitle);
			await page.getByLabel('Description', { exact: true }).fill('Bring seeds if you have them; take some home if you do not. Tea and biscuits.');
			await page.getByLabel('Kind of offer').selectOption('activity');
			await page.getByRole('group', { name: 'Who is it for?' }).getByLabel('Everyone').check();
			await page.getByRole('group', { name: 'Cost', exact: true }).getByLabel('Free').check();
			await page.getByRole('group', { name: 'How do people join?' }).getByLabel('Drop in').check();
			await page.getByRole('group', { name: 'In person or online' }).getByLabel('In person', { exact: true }).check();
			await page.getByLabel('Name of the place').fill('Riverside Community Garden');
			await page.getByLabel('Postcode').fill('CF11 6AA');
			const time = page.getByRole('group', { name: 'Time 1' });
			await time.getByLabel('Tuesday').check();
			await time.getByLabel('Starts at').fill('10:00');
			await time.getByLabel('Ends at').fill('09:00');
			await page.getByRole('button', { name: 'Send for review' }).click();
			await expect(page.getByRole('alert')).toContainText('Choose at least one thing it can help with');
			await expect(page.getByRole('alert')).toContainText('The end time is before the start time');
			await expect(page.getByLabel('Title', { exact: true })).toHaveValue(offerTitle);
			await expect(page.getByLabel('Name of the place')).toHaveValue('Riverside Community Garden');
			await expectAccessible();
			await page.getByRole('group', { name: 'What can it help with?' }).getByRole('checkbox').first().check();
			await page.getByRole('group', { name: 'Time 1' }).getByLabel('Ends at').fill('12:00');
			await page.getByRole('group', { name: 'Time 1' }).getByText('Season and exceptions').click();
			await page.getByRole('group', { name: 'Time 1' }).getByLabel('August').check();
			await page.getByRole('button', { name: 'Send for review' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Saved and sent for review' })).toBeVisible();
			await expect(page.getByText('Status: waiting for review')).toBeVisible();
			await expectAccessible();
			await signOut(page, expectAccessible);

			// Not in the directory until a moderator approves.
			await page.goto(`/find?q=${encodeURIComponent(offerTitle)}`);
			await expect(page.locator('.offer-card')).toHaveCount(0);
			await expectAccessible();
		});

		test('a moderator approves the group and the offer, each with one click', async ({ page, expectAccessible }) => {
			await signedIn(page, moderator);
			await page.goto('/moderation');
			await expectAccessible();
			await page.getByRole('button', { name: `Approve ${groupName}` }).click();
			await expect(page.getByRole('status')).toContainText('The group has been told');
			await expectAccessible();
			await page.getByRole('button', { name: `Approve ${offerTitle}` }).click();
			await expect(page.getByRole('status')).toContainText('The group has been told');
			await expectAccessible();
		});

		test('anyone finds it, and reports a problem without an account', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400);
			await page.goto(`/find?q=${encodeURIComponent(offerTitle)}`);
			await expect(page.locator('.offer-card')).toHaveCount(1);
			await expectAccessible();
			await page.locator('.offer-card').getByRole('link', { name: offerTitle }).click();
			await expect(page.getByText('Not in August')).toBeVisible();
			await expectAccessible();
			await follow(page.getByRole('link', { name: 'Suggest an improvement or report a problem' }));
			await expectAccessible();
			await page.getByRole('button', { name: 'Send' }).click();
			await expect(page.getByRole('alert')).toContainText('Choose what it is about');
			await expectAccessible();
			await page.getByLabel('The contact details are wrong').check();
			await page.getByLabel('Tell the group more').fill('The phone number rings a bakery.');
			await page.getByLabel('Your email address').fill('neighbour@example.org');
			await page.getByRole('button', { name: 'Send' }).click();
			await expect(page.getByRole('status')).toContainText('Thank you');
			await expectAccessible();
		});

		test('the group sees the report on its dashboard and answers it, and the answer is mailed', async ({ page, expectAccessible }) => {
			await signedIn(page, me);
			await page.goto(dashboard);
			await expectAccessible();
			await expect(page.getByText('The phone number rings a bakery.')).toBeVisible();
			await page.getByLabel(/Your answer/).fill('Thank you, fixed: it is 029 2000 0001 now.');
			await page.getByLabel('Mark as dealt with').check();
			await page.getByRole('button', { name: 'Save', exact: true }).click();
			await expect(page.getByRole('status')).toContainText('Your answer is saved');
			await expectAccessible();
			// The outbox page as the admin reads it (other tests read links from it directly).
			await switchTo(page, admin);
			await page.goto('/admin/outbox');
			await expectAccessible();
			await expect(page.locator('article.mail', { hasText: 'To neighbour@example.org' }).first()).toContainText('fixed: it is 029 2000 0001 now');
		});
	});

	test('offers that may be out of date sort below current ones and say so', async ({ page, expectAccessible }) => {
		await page.goto('/find?outcome=seeing-people&sort=best_match');
		await expectAccessible();
		const firstPage = page.locator('.offer-card');
		await expect(firstPage.first()).toBeVisible();
		await expect(page.locator('.offer-card .badge.stale')).toHaveCount(0);
		const pages = await page.getByText(/^Page 1 of (\d+)$/).textContent();
		const last = Number(/of (\d+)/.exec(pages ?? '')?.[1]);
		expect(last).toBeGreaterThan(1);
		await page.goto(`/find?outcome=seeing-people&sort=best_match&page=${last}`);
		const cards = page.locator('.offer-card');
		await expect(cards.first()).toBeVisible();
		await expectAccessible();
		const stale = await cards.evaluateAll((all) => all.map((card) => card.querySelector('.badge.stale') !== null));
		expect(stale.at(-1)).toBe(true);
		// Once one may be out of date, every one after it is too.
		expect(stale.slice(stale.indexOf(true)).every(Boolean)).toBe(true);
		await expect(cards.locator('.badge.stale').first()).toHaveText('May be out of date');
		await cards.filter({ has: page.locator('.badge.stale') }).first().getByRole('heading').getByRole('link').click();
		await expect(page.getByText('This listing may be out of date')).toBeVisible();
		await expectAccessible();
	});

	test('in Welsh, by keyboard: register a group, open the offer form, and report a problem', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400);
		await confirmedAccount(page, 'group');
		await page.goto('/cy/groups/register');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cofrestru eich grŵp');
		await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
		await expectAccessible();

		// Keyboard only: type, Tab on, Enter to send; the problems take focus and link to each field.
		await page.getByLabel('Enw eich grŵp').focus();
		await page.keyboard.type(`Clwb Cerdded ${Date.now()}`);
		await page.keyboard.press('Enter');
		const problems = page.getByRole('alert');
		await expect(problems).toContainText("Ychwanegwch ychydig eiriau amdano");
		await expect(problems).toBeFocused();
		await expectAccessible();
		await page.keyboard.press('Tab');
		await expect(problems.getByRole('link').first()).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByLabel('Am eich grŵp, yn Saesneg')).toBeFocused();
		await page.keyboard.type('Cerdded ar fore Sadwrn, pawb yn croesawu. 🥾');
		await page.getByLabel('Cyfeiriad e-bost').focus();
		await page.keyboard.type('clwb@example.org');
		await page.keyboard.press('Enter');
		await expect(page.getByText('Diolch am gofrestru')).toBeVisible();
		await expectAccessible();

		await page.getByRole('link', { name: 'Ychwanegu cynnig' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ychwanegu cynnig');
		await expectAccessible();

		// The report form, in Welsh, without an account.
		await page.goto('/cy/find?outcome=seeing-people');
		await expectAccessible();
		await page.locator('.offer-card').first().getByRole('heading').getByRole('link').click();
		await expect(page).toHaveURL(/\/offers\/[0-9a-f-]{36}/);
		await expectAccessible();
		await page.getByRole('link', { name: 'Awgrymu gwelliant neu roi gwybod am broblem' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Awgrymu gwelliant neu roi gwybod am broblem');
		await expectAccessible();
		await page.getByRole('button', { name: 'Anfon' }).click();
		await expect(page.getByRole('alert')).toContainText("Dewiswch beth yw'r mater");
		await expectAccessible();
	});

	test.describe('someone claims an existing listing', () => {
		// One claimant and one demo group, carried from each step to the next.
		test.describe.configure({ mode: 'serial' });
		let me: { email: string; password: string };
		let groupName: string;

		test('asks to look after a published group, and a missing reason is explained', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400);
			me = await confirmedAccount(page, 'claimant');
			// A published demo group from the directory.
			await page.goto('/find?outcome=seeing-people');
			await expectAccessible();
			await page.locator('.offer-card').nth(3).getByRole('heading').getByRole('link').click();
			await expect(page).toHaveURL(/\/offers\/[0-9a-f-]{36}/);
			await expectAccessible();
			groupName = (await page.locator('main').getByRole('link', { name: /^More about / }).textContent())!.replace(/^More about /, '').trim();
			await follow(page.getByRole('link', { name: /^More about / }));
			await expectAccessible();
			await follow(page.getByRole('link', { name: 'Is this your group? Ask to look after this listing' }));
			await expectAccessible();
			await page.getByRole('button', { name: 'Send the request' }).click();
			await expect(page.getByRole('alert')).toContainText('Add a few words');
			await expectAccessible();
			await page.getByLabel('How are you connected to the group?').fill('I run the Tuesday sessions; call the hall on 029 2000 0000.');
			await page.getByRole('button', { name: 'Send the request' }).click();
			await expect(page.getByRole('status')).toContainText('A moderator will look at your request');
			await expectAccessible();
		});

		test('a moderator approves the request', async ({ page, expectAccessible }) => {
			await signedIn(page, moderator);
			await page.goto('/moderation');
			await expectAccessible();
			await page.getByRole('button', { name: `Approve the request for ${groupName}` }).click();
			await expect(page.getByRole('status')).toContainText('The group has been told');
			await expectAccessible();
		});

		test('the new owner edits its details and one of its places, and every offer there shows the change', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400);
			await signedIn(page, me);
			await page.goto('/groups');
			await expectAccessible();
			await page.getByRole('link', { name: groupName }).click();
			await expect(page.getByText('Your role in this group: owner.')).toBeVisible();
			await expectAccessible();
			await follow(page.getByRole('link', { name: "Edit your group's details" }));
			await expectAccessible();
			await page.getByLabel('Phone number').fill('not a number');
			await page.getByRole('button', { name: 'Save the details' }).click();
			await expect(page.getByRole('alert')).toContainText('Take out the letters');
			await expectAccessible();
			await page.getByLabel('Phone number').fill('029 2000 0002');
			await page.getByRole('button', { name: 'Save the details' }).click();
			await expect(page.getByRole('status')).toContainText('Saved');
			await expectAccessible();

			// Its places: one is edited, and every offer there shows the change.
			await follow(page.getByRole('link', { name: groupName }));
			await expectAccessible();
			await follow(page.getByRole('link', { name: 'Your places' }));
			await expectAccessible();
			await follow(page.locator('main ul.places a').first());
			await expectAccessible();
			await page.getByLabel('Hearing loop').check();
			await page.getByRole('button', { name: 'Save the place' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Every offer here shows the change' })).toBeVisible();
			await expect(page.getByLabel('Hearing loop')).toBeChecked();
			await expectAccessible();
		});
	});
});
