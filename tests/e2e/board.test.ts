import { test, expect } from './fixtures';
import { anotherDevice, follow, linkFromOutbox, moderator, owner, signedIn } from './helpers';

// Groups helping groups (issue 7) on the embedded server with the demo data: the Men's Shed finds
// nearby groups and posts a need (its phone number taken out for it), the Welsh club next door
// replies through the site, the Shed hears by mail and answers, and a moderator takes the post
// down, after which the club no longer sees it. Then the network page in Welsh on a small phone.

const neighbour = { email: 'neighbour@demo.example.org', password: 'wm-demo-neighbour' };
const editor = { email: 'editor@demo.example.org', password: 'wm-demo-editor' };
const shed = "Aberdare Men's Shed";
const club = 'Clwb Cymraeg Aberdâr';

test.describe('groups helping groups', () => {
	test.describe('a need, from the board to taken down', () => {
		// One post, carried from each step to the next. Its title is new each run, so a retry never meets an earlier one.
		test.describe.configure({ mode: 'serial' });
		const title = `A dry room for Tuesday woodwork evenings ${Date.now().toString(36)}`;
		let clubsPost: string; // the post as the club sees it
		let clubsNetwork: string; // the club's own network page

		test('the Shed finds nearby groups and posts a need, its phone number taken out for it', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400); // the post sent back with its contact details explained
			// The Shed's dashboard → groups helping groups: nearby groups with outcomes in common.
			await signedIn(page, owner);
			await page.goto('/groups');
			await expectAccessible();
			await page.getByRole('link', { name: shed }).click();
			await expect(page).toHaveURL(/\/groups\/[0-9a-f-]{36}$/);
			await expectAccessible();
			await page.getByRole('link', { name: "Groups near you and the groups' board" }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Groups helping groups' })).toBeVisible();
			await expectAccessible();
			const nearby = page.getByRole('region', { name: 'Groups near you with the same outcomes' });
			await expect(nearby.getByRole('link', { name: club })).toBeVisible();
			await expect(nearby).toContainText('Outcomes in common:');
			await expect(nearby).toContainText('km away');

			// A need with a phone number in it: explained, then taken out on request, nothing else lost.
			await page.getByRole('group', { name: 'Is this a need or an offer?' }).getByLabel("We're looking for something").check();
			await page.getByRole('group', { name: 'What is it about?' }).getByLabel('A room or space').check();
			await page.getByLabel('A short title').fill(title);
			await page.getByLabel('Details').fill("We'd love a dry room for eight people on Tuesday evenings, 6 till 8. Ring Dai on 01685 876543 to talk it over.");
			await page.getByLabel('Postcode district (optional)').fill('cf44');
			await page.getByRole('button', { name: 'Post on the board' }).click();
			await expect(page.getByRole('alert')).toContainText('This has contact details or a link in it');
			await expect(page.getByText('A phone number in the details: 01685 876543')).toBeVisible();
			await expect(page.getByLabel('A short title')).toHaveValue(title);
			await expectAccessible();
			await page.getByRole('button', { name: 'Remove them for me' }).click();
			await expect(page.getByRole('status').filter({ hasText: "We've taken out the contact details" })).toBeVisible();
			await expect(page.getByLabel('Details')).toHaveValue("We'd love a dry room for eight people on Tuesday evenings, 6 till 8. Ring Dai on [removed] to talk it over.");
			await expect(page.getByLabel("We're looking for something")).toBeChecked();
			await expect(page.getByLabel('Postcode district (optional)')).toHaveValue('cf44');
			await expectAccessible();
			await page.getByLabel('Details').fill("We'd love a dry room for eight people on Tuesday evenings, 6 till 8. Happy to chip in for heating.");
			await page.getByRole('button', { name: 'Post on the board' }).click();
			await expect(page.getByRole('status').filter({ hasText: 'Your post is on the board' })).toBeVisible();
			await expectAccessible();
			await expect(page.getByRole('region', { name: "Your group's posts" }).getByRole('link', { name: title })).toBeVisible();
		});

		test('the Welsh club next door finds the need on the board (filtered) and replies', async ({ page, expectAccessible }) => {
			await signedIn(page, neighbour);
			await page.goto('/groups');
			await expectAccessible();
			await page.getByRole('link', { name: club }).click();
			await expect(page).toHaveURL(/\/groups\/[0-9a-f-]{36}$/);
			await expectAccessible();
			await page.getByRole('link', { name: "Groups near you and the groups' board" }).click();
			await expect(page).toHaveURL(/\/network$/);
			await expectAccessible();
			clubsNetwork = new URL(page.url()).pathname;
			await page.getByLabel('Needs or offers').selectOption('need');
			await page.getByLabel('Topic').selectOption('room');
			await page.getByRole('button', { name: 'Show these' }).click();
			await expect(page).toHaveURL(/kind=need&topic=room/);
			await expectAccessible();
			await page.getByRole('link', { name: title }).click();
			await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
			await expectAccessible();
			clubsPost = new URL(page.url()).pathname;
			await page.getByLabel(`Your reply to ${shed}`).fill('Our vestry is free on Tuesdays and it is warm. Come and see it? Ring Eleri on 01632 960123.');
			await page.getByRole('button', { name: /Send reply/ }).click();
			await expect(page.getByRole('status')).toContainText('Reply sent');
			await expect(page.getByText('Our vestry is free on Tuesdays')).toBeVisible();
			await expectAccessible();
		});

		test('the Shed hears by mail, follows the link, reads the reply and answers; the club sees the answer', async ({ page, browser, expectAccessible, expectedStatuses }) => {
			const link = await linkFromOutbox(page, owner.email, new RegExp(`${club} replied about “${title}”`));
			expect(link).toMatch(/\/groups\/[0-9a-f-]+\/network\/[0-9a-f-]+$/);
			await signedIn(page, owner);
			await page.goto(link);
			await expectAccessible();
			const exchange = page.getByRole('region', { name: `Conversation with ${club}` });
			await expect(exchange).toContainText('Our vestry is free on Tuesdays');
			await exchange.getByLabel(`Your reply to ${club}`).fill('Diolch! Tuesday at ten to have a look?');
			await exchange.getByRole('button', { name: /Send reply/ }).click();
			await expect(page.getByRole('status')).toContainText('Reply sent');
			await expectAccessible();

			const other = await anotherDevice(browser, {}, expectedStatuses);
			await signedIn(other.page, neighbour);
			await other.page.goto(clubsPost);
			await expect(other.page.getByText('Diolch! Tuesday at ten to have a look?')).toBeVisible();
			await expectAccessible(other.page);
			await other.close();
		});

		test('a moderator takes the post down; its replies stay readable to moderators, and it leaves the club\'s board', async ({ page, browser, expectAccessible, expectedStatuses }) => {
			await signedIn(page, moderator);
			await page.goto('/moderation/board');
			await expectAccessible();
			await page.getByRole('button', { name: `Take down – ${title}` }).click();
			await expect(page.getByRole('status')).toContainText('The post is taken down');
			await expect(page.getByRole('button', { name: `Show again – ${title}` })).toBeVisible();
			await expectAccessible();
			await page.getByRole('link', { name: `Read the replies – ${title}` }).click();
			await expect(page.getByText('Diolch! Tuesday at ten to have a look?')).toBeVisible();
			await expectAccessible();

			const other = await anotherDevice(browser, {}, expectedStatuses);
			await signedIn(other.page, neighbour);
			await other.page.goto(clubsNetwork);
			await expectAccessible(other.page);
			await expect(other.page.getByRole('heading', { level: 1, name: 'Groups helping groups' })).toBeVisible();
			await expect(other.page.getByRole('link', { name: title })).toHaveCount(0);
			await other.close();
		});
	});

	test.describe('in Welsh on a small phone', () => {
		test.use({ viewport: { width: 320, height: 800 } });

		test('the network page reads in Welsh and fits 320 pixels', async ({ page, expectAccessible, expectedStatuses }) => {
			expectedStatuses.add(400); // the empty post sent back with its problems
			await signedIn(page, editor);
			await page.goto('/cy/groups');
			await expectAccessible();
			await follow(page.getByRole('link', { name: shed }));
			await expectAccessible();
			await page.getByRole('link', { name: 'Grwpiau yn agos atoch a bwrdd y grwpiau' }).click();
			await expect(page.getByRole('heading', { level: 1, name: "Grwpiau'n helpu grwpiau" })).toBeVisible();
			await expectAccessible();
			await expect(page.getByRole('heading', { name: "Grwpiau yn agos atoch gyda'r un canlyniadau" })).toBeVisible();
			await expect(page.getByRole('heading', { name: 'Bwrdd y grwpiau' })).toBeVisible();
			await expect(page.getByRole('group', { name: 'Ai angen neu gynnig yw hwn?' })).toBeVisible();
			await expect(page.getByRole('button', { name: 'Postio ar y bwrdd' })).toBeVisible();
			const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			expect(overflow).toBeLessThanOrEqual(0);
			// A post sent back in Welsh: each problem named, in Welsh.
			await page.getByRole('button', { name: 'Postio ar y bwrdd' }).click();
			await expect(page.getByRole('alert')).toContainText('Dewiswch ai angen neu gynnig yw hwn.');
			await expectAccessible();
			expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
		});
	});
});
