import { test, expect } from './fixtures';
import { moderator, signedIn } from './helpers';

// Stories of what helped (issue 7): a person without an account writes one from an offer page,
// the contact details in it are found and removed for them, a moderator publishes it, it shows
// beside the offer and on its outcome page, someone reports it and the moderator takes it down.
// Every server here shares one sender (localhost): at most three stories an hour, so only two tests send one.

test.describe('stories of what helped', () => {
	test.describe('from an offer page to published, reported and taken down', () => {
		// One story, carried from each step to the next.
		test.describe.configure({ mode: 'serial' });
		const words = `The lunch club gave me a reason to get dressed on a Wednesday. ${Date.now()} Now I know half the street by name.`;
		let title: string;
		let offerPath: string;

		test('a person without an account writes one; the contact details in it are found and removed for them', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400); // a form with a problem answers 400, which the browser logs
			await page.goto('/find?where=CF10&outcome=seeing-people');
			await expectAccessible();
			const first = page.locator('.offer-list article').first();
			title = (await first.getByRole('heading').textContent())!.trim();
			await first.getByRole('link', { name: title }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
			offerPath = new URL(page.url()).pathname;
			await expect(page.getByRole('heading', { name: 'What helped others' })).toBeVisible();
			await expectAccessible();

			await page.getByRole('link', { name: 'Share what helped you' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Share what helped you');
			await expect(page.getByText(`Your story will be shown beside ${title}.`)).toBeVisible();
			await expect(page.getByText('shown without your name, unless you choose to sign it')).toBeVisible();
			await expectAccessible();

			// An email address in the story: the page says what it found and why, and keeps the words.
			await page.getByLabel('What helped you?').fill(`${words} Write to me at sam.walker@example.org if you like.`);
			await expect(page.getByText(/characters left/)).toBeVisible();
			await page.getByLabel('I want to see people more').check();
			await page.getByLabel(/a moderator reads my story first/).check();
			await page.getByRole('button', { name: 'Send my story' }).click();
			await expect(page.getByRole('heading', { name: 'Your story has contact details or links in it' })).toBeVisible();
			await expect(page.getByText('an email address: sam.walker@example.org')).toBeVisible();
			await expect(page.getByText(/To keep you and others safe/)).toBeVisible();
			await expect(page.getByLabel('What helped you?')).toHaveValue(/sam\.walker@example\.org/);
			await expectAccessible();

			await page.getByRole('button', { name: 'Remove them for me' }).click();
			await expect(page.getByRole('status')).toContainText("We've taken them out");
			await expect(page.getByLabel('What helped you?')).toHaveValue(`${words} Write to me at [removed] if you like.`);
			await expect(page.getByLabel('I want to see people more')).toBeChecked();
			await expectAccessible();
			await page.getByRole('button', { name: 'Send my story' }).click();
			await expect(page.getByRole('status')).toContainText('Thank you for sharing what helped you.');
			await expect(page.getByText('A moderator reads your story, usually within a few days.')).toBeVisible();
			await expect(page.getByText(/won't be shown if it could identify someone/)).toBeVisible();
			await expectAccessible();

			// Not shown until a moderator has read it.
			await page.getByRole('link', { name: `Back to ${title}` }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
			await expect(page.getByText(words)).toHaveCount(0);
			await expectAccessible();
		});

		test('a moderator publishes it; it shows beside the offer and on its outcome page', async ({ page, expectAccessible }) => {
			await signedIn(page, moderator);
			await page.goto('/moderation');
			await expectAccessible();
			const waiting = page.getByRole('region', { name: 'Stories waiting' }).locator('li', { hasText: words });
			await expect(waiting).toContainText('Not signed (shown anonymously)');
			await expect(waiting).toContainText(`About: ${title}`);
			await waiting.getByRole('button', { name: 'Publish' }).click();
			await expect(page.getByRole('status')).toHaveText('The story is published.');
			await expectAccessible();

			// Beside the offer (with a one-click take-down for the moderator) and on its outcome page.
			await page.goto(offerPath);
			const onOffer = page.locator('ul.stories > li', { hasText: words });
			await expect(onOffer).toContainText('— Anonymous');
			await expect(onOffer.getByRole('button', { name: 'Take down this story' })).toBeVisible();
			await expectAccessible();
			await onOffer.getByRole('link', { name: 'Seeing people' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Seeing people');
			await expect(page.getByRole('heading', { level: 2, name: 'What helped others who wanted to see people more' })).toBeVisible();
			await expect(page.locator('ul.stories > li', { hasText: words })).toBeVisible();
			await expect(page.getByRole('link', { name: 'Find groups that help with this' })).toHaveAttribute('href', '/find?outcome=seeing-people');
			await expectAccessible();
		});

		test('someone else reports it, once; a second report is already with the moderators', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400);
			await page.goto(offerPath);
			await expectAccessible();
			await page.locator('ul.stories > li', { hasText: words }).getByRole('link', { name: 'Report this story' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Report this story');
			await expectAccessible();
			await page.getByRole('button', { name: 'Send the report' }).click();
			await expect(page.getByRole('alert').first()).toContainText('Choose the reason that fits best.');
			await expectAccessible();
			await page.getByLabel('It could identify someone').check();
			await page.getByLabel(/Anything the moderators should know/).fill('It names the woman at number 4.');
			await page.getByRole('button', { name: 'Send the report' }).click();
			await expect(page.getByRole('status')).toContainText('The moderators will look at this story');
			await expectAccessible();
			const reportPath = new URL(page.url()).pathname;
			await page.goto(reportPath);
			await page.getByLabel('It is hurtful or unkind').check();
			await page.getByRole('button', { name: 'Send the report' }).click();
			await expect(page.getByRole('status')).toContainText("You've already reported this story. It's with the moderators.");
			await expectAccessible();
		});

		test('the moderator takes it down with one click, and it is gone everywhere', async ({ page, expectAccessible }) => {
			await signedIn(page, moderator);
			await page.goto('/moderation');
			const reported = page.getByRole('region', { name: 'Reported stories' }).locator('li', { hasText: words }).first();
			await expect(reported).toContainText('It could identify someone');
			await expect(reported).toContainText('It names the woman at number 4.');
			await expectAccessible();
			await reported.getByRole('button', { name: 'Take down' }).click();
			await expect(page.getByRole('status')).toHaveText('The story was taken down.');
			await expect(page.getByText(words)).toHaveCount(0);
			await expectAccessible();
			await page.goto(offerPath);
			await expect(page.getByText(words)).toHaveCount(0);
			await expectAccessible();
			await page.goto('/outcomes/seeing-people');
			await expect(page.getByText(words)).toHaveCount(0);
			await expectAccessible();
		});
	});

	test('the story form in Welsh, 320 pixels wide', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400);
		await page.setViewportSize({ width: 320, height: 800 });
		await page.goto('/cy/stories/new');
		await expectAccessible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rhannu beth a’ch helpodd chi');
		await expect(page.getByLabel('Cymraeg')).toBeChecked();
		await page.getByLabel('Beth a’ch helpodd chi?').fill('Roedd y daith gerdded yn help. Ffoniwch fi ar 07700 900123 am fwy.');
		await page.getByRole('button', { name: 'Anfon fy stori' }).click();
		await expect(page.getByRole('heading', { name: 'Mae manylion cyswllt neu ddolenni yn eich stori' })).toBeVisible();
		await expect(page.getByText('rhif ffôn: 07700 900123')).toBeVisible();
		await expect(page.getByText('Dewiswch o leiaf un peth y gwnaeth eich helpu chi ag ef.').first()).toBeVisible();
		await expect(page.getByText('Ticiwch y blwch i ddweud eich bod yn deall sut caiff eich stori ei rhannu.').first()).toBeVisible();
		const wide = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(wide).toBeLessThanOrEqual(320);
		await expectAccessible();
		await page.getByRole('button', { name: 'Tynnu nhw allan i mi' }).click();
		await expect(page.getByLabel('Beth a’ch helpodd chi?')).toHaveValue('Roedd y daith gerdded yn help. Ffoniwch fi ar [wedi’i dynnu] am fwy.');
		await expectAccessible();

		await page.goto('/cy/outcomes');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beth helpodd eraill');
		await expectAccessible();
		await page.getByRole('link', { name: 'Gweld pobl' }).click();
		await expect(page).toHaveURL(/\/cy\/outcomes\/seeing-people$/);
		await expect(page.getByRole('heading', { level: 2, name: 'Beth helpodd eraill a oedd eisiau gweld pobl yn amlach' })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
		await expectAccessible();
	});

	test('unknown stories and outcomes are simply not found', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(404);
		for (const path of ['/stories/not-a-story/report', '/stories/00000000-0000-4000-8000-000000000000/report', '/outcomes/nothing-here', '/outcomes/being-listened-to']) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBe(404);
			await expectAccessible();
		}
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a story is written, cleaned of a phone number and sent', async ({ page, expectAccessible, expectedStatuses }) => {
		expectedStatuses.add(400);
		await page.goto('/stories/new');
		await expectAccessible();
		await page.getByLabel('What helped you?').fill('The repair café fixed my lamp and I stayed for tea. Ring me on 029 2087 0000 to hear more.');
		await page.getByLabel('I want to have things to do that I enjoy').check();
		await page.getByLabel('Sign it as (optional)').fill('Bryn');
		await page.getByLabel(/a moderator reads my story first/).check();
		await page.getByRole('button', { name: 'Send my story' }).click();
		await expect(page.getByText('a phone number: 029 2087 0000')).toBeVisible();
		await expectAccessible();
		await page.getByRole('button', { name: 'Remove them for me' }).click();
		await expect(page.getByLabel('What helped you?')).toHaveValue('The repair café fixed my lamp and I stayed for tea. Ring me on [removed] to hear more.');
		await expect(page.getByLabel('Sign it as (optional)')).toHaveValue('Bryn');
		await expectAccessible();
		await page.getByRole('button', { name: 'Send my story' }).click();
		await expect(page.getByText('Thank you for sharing what helped you.')).toBeVisible();
		await expectAccessible();
	});
});
